"""Queue an e-mail in the outbox, in the caller's transaction (nothing is sent here).

The body may carry a personal link, so it is stored encrypted with a key derived from
``IAT_SECRET_KEY`` (HKDF-SHA256, info ``iat-outbox-v1``; Fernet = AES-128-CBC + HMAC-SHA256)
and erased when the relay accepts the message. The ``Message-ID`` is fixed here, so a resend
after a crash between the relay's acceptance and the commit carries the same one.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy.orm import Session

from app.config import Settings, get_settings
from app.db.models import OutboxMessage
from app.domain import MailKind, MailState
from app.mail.smtp_config import SmtpConfigError

# ``Session.info`` keys: the served app's sessions carry its secret key and Message-ID domain
# (outbox_session_info), so a message queued by a request is sealed with the key its delivery
# worker opens it with, even where the environment says otherwise (tests).
SESSION_KEY_INFO = "outbox_secret_key"
SESSION_DOMAIN_INFO = "outbox_message_domain"


@dataclass(frozen=True)
class MailBody:
    """A message's two alternatives."""

    text: str
    html: str


def _fernet(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"iat-outbox-v1").derive(
        secret_key.encode("utf-8")
    )
    return Fernet(base64.urlsafe_b64encode(key))


def seal(body: MailBody, secret_key: str | None = None) -> bytes:
    """The encrypted body as stored in ``outbox_messages.body_encrypted``."""
    plain = json.dumps({"text": body.text, "html": body.html}).encode("utf-8")
    return _fernet(secret_key or get_settings().secret_key).encrypt(plain)


def unseal(sealed: bytes, secret_key: str | None = None) -> MailBody:
    """The body back (raises ``cryptography.fernet.InvalidToken`` under another key)."""
    plain = json.loads(_fernet(secret_key or get_settings().secret_key).decrypt(sealed))
    return MailBody(text=plain["text"], html=plain["html"])


def new_message_id(domain: str) -> str:
    """A globally unique ``Message-ID`` value, ``<random@domain>``."""
    return f"<{secrets.token_hex(16)}@{domain}>"


def default_message_domain(settings: Settings | None = None) -> str:
    """The domain of our Message-IDs: IAT_MAIL_FROM's, else the host of IAT_BASE_URL."""
    settings = settings or get_settings()
    try:
        return settings.mail_sender.domain
    except SmtpConfigError:
        return urlsplit(settings.base_url).hostname or "localhost"


def outbox_session_info(settings: Settings) -> dict[str, str]:
    """What the app's sessions carry for ``enqueue`` (``build_sessionmaker(info=…)``)."""
    return {
        SESSION_KEY_INFO: settings.secret_key,
        SESSION_DOMAIN_INFO: default_message_domain(settings),
    }


def enqueue(
    db: Session,
    *,
    kind: MailKind,
    to_address: str,
    language: str,
    subject: str,
    body: MailBody,
    message_domain: str | None = None,
    campaign_id: int | None = None,
    participant_id: int | None = None,
    mailing_id: int | None = None,
    secret_key: str | None = None,
) -> OutboxMessage:
    """Add one message to the outbox (flushed, not committed: the caller's action commits it).

    ``message_domain`` and ``secret_key`` default to what the app's sessions carry
    (``outbox_session_info``), else to the environment's settings."""
    message = OutboxMessage(
        kind=kind,
        to_address=to_address,
        language=language,
        subject=subject,
        body_encrypted=seal(body, secret_key or db.info.get(SESSION_KEY_INFO)),
        message_id=new_message_id(
            message_domain or db.info.get(SESSION_DOMAIN_INFO) or default_message_domain()
        ),
        state=MailState.QUEUED,
        attempts=0,
        campaign_id=campaign_id,
        participant_id=participant_id,
        mailing_id=mailing_id,
    )
    db.add(message)
    db.flush()
    return message
