"""The relay forms of IAT_SMTP_URL against a real aiosmtpd server with TLS: STARTTLS then
login, TLS from the first byte, a certificate the client must verify (``cafile``), and a
refused login that keeps every message queued."""

from __future__ import annotations

import ssl
from datetime import timedelta
from ipaddress import IPv4Address
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.db.base import utc_now
from app.db.engine import build_sessionmaker
from app.db.models import OutboxMessage
from app.domain import MailState
from app.mail.delivery import deliver_due
from tests.service.test_mail_delivery import config_for, queue
from tests.support.smtp_relay import smtp_server

USER, PASSWORD = "mailer", "p@ss:word"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (its own CA): ``cafile`` and key."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test relay")])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(utc_now() - timedelta(days=1))
        .not_valid_after(utc_now() + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(IPv4Address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_file, key_file = folder / "relay.pem", folder / "relay.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def _server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


def _authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, data: Any
) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


def _starttls_login(certificate: tuple[Path, Path]) -> dict[str, Any]:
    """A relay that wants STARTTLS, then a login, before any message."""
    return {
        "tls_context": _server_context(certificate),
        "require_starttls": True,
        "authenticator": _authenticator,
        "auth_required": True,
    }


@pytest.fixture
def sessions(engine: Engine, db: Session) -> sessionmaker[Session]:
    return build_sessionmaker(engine)  # ``db`` empties the tables afterwards


def _states(db: Session) -> list[str]:
    db.expire_all()
    return list(db.scalars(select(OutboxMessage.state).order_by(OutboxMessage.id)))


def test_starttls_then_login(
    db: Session, sessions: sessionmaker[Session], certificate: tuple[Path, Path]
) -> None:
    ids = queue(db, 2)
    options = _starttls_login(certificate)
    with smtp_server(**options) as (relay, url):
        address = url.split("//")[1].split("?")[0]
        good = f"smtp://{USER}:p%40ss%3Aword@{address}?starttls=1&cafile={certificate[0]}"
        assert deliver_due(sessions, config_for(good)).sent == 2
    assert relay.message_ids() == dict.fromkeys(ids, 1)


def test_tls_from_the_first_byte(
    db: Session, sessions: sessionmaker[Session], certificate: tuple[Path, Path]
) -> None:
    ids = queue(db, 1)
    with smtp_server(ssl_context=_server_context(certificate)) as (relay, url):
        address = url.split("//")[1].split("?")[0]
        assert (
            deliver_due(sessions, config_for(f"smtps://{address}?cafile={certificate[0]}")).sent
            == 1
        )
    assert relay.message_ids() == dict.fromkeys(ids, 1)


def test_unverified_certificate_or_wrong_password_keeps_messages_queued(
    db: Session, sessions: sessionmaker[Session], certificate: tuple[Path, Path]
) -> None:
    queue(db, 2)
    options = _starttls_login(certificate)
    with smtp_server(**options) as (relay, url):
        address = url.split("//")[1].split("?")[0]
        untrusted = deliver_due(sessions, config_for(f"smtp://{USER}:x@{address}?starttls=1"))
        assert (
            untrusted.relay_error is not None
            and "CERTIFICATE_VERIFY_FAILED" in untrusted.relay_error
        )
        wrong = f"smtp://{USER}:wrong@{address}?starttls=1&cafile={certificate[0]}"
        refused = deliver_due(sessions, config_for(wrong))
        assert refused.relay_error is not None and "535" in refused.relay_error
    assert relay.accepted == [] and _states(db) == [MailState.QUEUED] * 2
