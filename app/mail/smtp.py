"""Handing one message to the SMTP relay with the standard library's ``smtplib``, and what the
relay's answer means for the message.

A relay answer is classified once, here: 2xx sent; a 5xx to ``RCPT TO`` bounced (the address
is refused for good); another 5xx failed (the message itself is refused); a 4xx, a timeout
or a connection dropped in the middle of a message is worth another try. A relay that cannot
be reached, refuses the TLS handshake or the login raises RelayUnavailable: that is not the
message's fault, so it costs the message no attempt.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from enum import StrEnum
from types import TracebackType

from app.db.base import utc_now
from app.mail.outbox import MailBody
from app.mail.smtp_config import SmtpConfig, SmtpSecurity

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"
    BOUNCED = "bounced"
    FAILED = "failed"


@dataclass(frozen=True)
class Result:
    """What became of one message, with the relay's answer (``550 5.1.1 no such user``)."""

    outcome: Outcome
    detail: str = ""


class RelayUnavailable(Exception):
    """The relay cannot take any message now (unreachable, TLS or login refused)."""


@dataclass(frozen=True)
class Envelope:
    """One message to hand over: headers fixed at queue time and its decrypted body."""

    message_id: str
    to_address: str
    subject: str
    language: str
    body: MailBody


def build_message(envelope: Envelope, sender: Address) -> EmailMessage:
    """A multipart/alternative message (text, then HTML) with the queued Message-ID."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = envelope.to_address
    message["Subject"] = envelope.subject
    message["Date"] = format_datetime(utc_now())
    message["Message-ID"] = envelope.message_id
    message["Content-Language"] = envelope.language
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(envelope.body.text)
    message.add_alternative(envelope.body.html, subtype="html")
    return message


def _answer(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(words.split())}"[:1000]


def _by_code(code: int, answer: str, permanent: Outcome) -> Result:
    return Result(permanent if 500 <= code < 600 else Outcome.RETRY, answer)


def _tls_context(config: SmtpConfig) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=config.cafile)


class Relay:
    """One SMTP connection, opened on first use and reused for the next messages."""

    def __init__(self, config: SmtpConfig, sender: Address) -> None:
        self.config = config
        self.sender = sender
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Relay:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()

    def connect(self) -> None:
        """Open the connection now (raises RelayUnavailable)."""
        if self._smtp is None:
            try:
                self._smtp = self._open()
            except (smtplib.SMTPException, OSError) as exc:
                raise RelayUnavailable(self._describe(exc)) from exc

    def _open(self) -> smtplib.SMTP:
        config = self.config
        smtp: smtplib.SMTP
        if config.security is SmtpSecurity.TLS:
            smtp = smtplib.SMTP_SSL(
                config.host, config.port, timeout=config.timeout_s, context=_tls_context(config)
            )
        else:
            smtp = smtplib.SMTP(config.host, config.port, timeout=config.timeout_s)
        try:
            smtp.ehlo()
            if config.security is SmtpSecurity.STARTTLS:
                smtp.starttls(context=_tls_context(config))
                smtp.ehlo()
            if config.username is not None and config.password is not None:
                smtp.login(config.username, config.password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _describe(self, exc: BaseException) -> str:
        where = f"SMTP relay {self.config.host}:{self.config.port}"
        if isinstance(exc, smtplib.SMTPResponseException):
            return f"{where}: {_answer(exc.smtp_code, exc.smtp_error)}"
        return f"{where}: {type(exc).__name__}: {exc}"[:1000]

    def send(self, envelope: Envelope) -> Result:
        """Hand one message over and say what the relay answered."""
        self.connect()
        assert self._smtp is not None
        try:
            message = build_message(envelope, self.sender)  # ValueError: a line break in a header
            self._smtp.send_message(
                message, from_addr=self.sender.addr_spec, to_addrs=[envelope.to_address]
            )
        except smtplib.SMTPRecipientsRefused as exc:
            code, refusal = next(iter(exc.recipients.values()))
            result = _by_code(code, _answer(code, refusal), Outcome.BOUNCED)
        except smtplib.SMTPResponseException as exc:  # sender or data refused
            answer = _answer(exc.smtp_code, exc.smtp_error)
            result = _by_code(exc.smtp_code, answer, Outcome.FAILED)
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            result = Result(Outcome.RETRY, self._describe(exc))
        except (smtplib.SMTPException, ValueError) as exc:  # e.g. an address it cannot carry
            result = Result(Outcome.FAILED, f"{type(exc).__name__}: {exc}"[:1000])
        except Exception as exc:  # unforeseen: retried, then failed, never blocking the queue
            log.exception("outbox: unexpected error while sending %s", envelope.message_id)
            result = Result(Outcome.RETRY, f"{type(exc).__name__}: {exc}"[:1000])
        else:
            result = Result(Outcome.SENT)
        if result.outcome is Outcome.RETRY:
            self.close()  # a relay in trouble (421, dropped): the next message reconnects
        return result
