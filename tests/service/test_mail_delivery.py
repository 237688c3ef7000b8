"""Outbox delivery through a real SMTP server (aiosmtpd): every message once, with its
Message-ID and decrypted body; retries with backoff; bounces; failures; bodies erased."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from email.headerregistry import Address
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.db.base import utc_now
from app.db.engine import build_sessionmaker
from app.db.models import OutboxMessage
from app.domain import MailKind, MailState
from app.mail.catcher import free_port
from app.mail.delivery import UNREADABLE_BODY, DeliveryConfig, RetryPolicy, deliver_due
from app.mail.outbox import MailBody, enqueue
from app.mail.smtp_config import parse_smtp_url
from tests.support.smtp_relay import RecordingRelay, smtp_server, text_of

KEY = "test-secret"
SENDER = Address("Survey team", "noreply", "org.example")


@pytest.fixture
def sessions(engine: Engine, db: Session) -> sessionmaker[Session]:
    return build_sessionmaker(engine)  # ``db`` empties the tables afterwards


@pytest.fixture
def relay() -> Iterator[tuple[RecordingRelay, str]]:
    with smtp_server() as served:
        yield served


def config_for(url: str, **retry: float) -> DeliveryConfig:
    return DeliveryConfig(parse_smtp_url(url), SENDER, KEY, RetryPolicy(**retry))  # type: ignore[arg-type]


def queue(
    db: Session, count: int, *, key: str = KEY, prefix: str = "person", commit: bool = True
) -> list[str]:
    """Queue ``count`` messages, each with its own link; their Message-IDs."""
    ids = []
    for n in range(count):
        link = f"http://127.0.0.1:8000/p/SECRET-LINK-{prefix}-{n}"
        message = enqueue(
            db,
            kind=MailKind.INVITATION,
            to_address=f"{prefix}{n}@org.example",
            language="fr",
            subject=f"Invitation {n}",
            body=MailBody(f"Bonjour,\nvotre lien : {link}\n", f'<p><a href="{link}">lien</a></p>'),
            message_domain="org.example",
            secret_key=key,
        )
        ids.append(message.message_id)
    if commit:
        db.commit()
    return ids


def rows(db: Session) -> list[OutboxMessage]:
    db.expire_all()
    return list(db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def at(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def later(seconds: float) -> datetime:
    return utc_now() + timedelta(seconds=seconds)


def test_every_message_reaches_the_relay_once_with_its_id_and_body(
    db: Session, sessions: sessionmaker[Session], relay: tuple[RecordingRelay, str]
) -> None:
    server, url = relay
    ids = queue(db, 6)
    report = deliver_due(sessions, config_for(url))
    assert (report.sent, report.handled) == (6, 6)
    assert server.message_ids() == dict.fromkeys(ids, 1)
    for n, message in enumerate(sorted(server.accepted, key=lambda m: str(m["Subject"]))):
        assert message["X-Envelope-To"] == f"person{n}@org.example"
        assert (
            text_of(message)
            == f"Bonjour,\nvotre lien : http://127.0.0.1:8000/p/SECRET-LINK-person-{n}\n"
        )
        assert message["From"] == "Survey team <noreply@org.example>"
        html = message.get_body(preferencelist=("html",))
        assert html is not None and "SECRET-LINK" in html.get_content()
    for row in rows(db):
        assert (row.state, row.attempts, row.body_encrypted) == (MailState.SENT, 1, None)
        assert row.sent_at is not None and row.last_error is None
    assert deliver_due(sessions, config_for(url)).handled == 0  # nothing twice
    assert len(server.accepted) == 6


def test_relay_refusing_then_accepting_loses_and_duplicates_nothing(
    db: Session, sessions: sessionmaker[Session], relay: tuple[RecordingRelay, str]
) -> None:
    server, url = relay
    server.refuse_data = 3
    ids = queue(db, 5)
    first = deliver_due(sessions, config_for(url, first_delay_s=60), clock=lambda: later(1))
    assert (first.retried, first.sent) == (3, 2)
    waiting = [row for row in rows(db) if row.state == MailState.QUEUED]
    assert len(waiting) == 3 and all(row.attempts == 1 for row in waiting)
    assert all(row.last_error == "451 4.3.0 Mailbox busy, try again later" for row in waiting)
    assert all(row.body_encrypted is not None for row in waiting)
    too_early = deliver_due(sessions, config_for(url, first_delay_s=60), clock=lambda: later(59))
    assert too_early.handled == 0
    second = deliver_due(sessions, config_for(url, first_delay_s=60), clock=lambda: later(62))
    assert second.sent == 3
    assert server.message_ids() == dict.fromkeys(ids, 1)
    assert {row.state for row in rows(db)} == {MailState.SENT}


def test_recipient_refused_for_good_is_bounced_with_the_answer(
    db: Session, sessions: sessionmaker[Session], relay: tuple[RecordingRelay, str]
) -> None:
    server, url = relay
    server.bounce = {"person1@org.example"}
    ids = queue(db, 3)
    report = deliver_due(sessions, config_for(url))
    assert (report.sent, report.bounced) == (2, 1)
    bounced = rows(db)[1]
    assert (bounced.state, bounced.attempts, bounced.body_encrypted) == (MailState.BOUNCED, 1, None)
    assert bounced.last_error == (
        "550 5.1.1 <person1@org.example>: Recipient address rejected: User unknown"
    )
    assert server.message_ids() == {ids[0]: 1, ids[2]: 1}


def test_retries_back_off_then_fail_after_the_last_attempt(
    db: Session, sessions: sessionmaker[Session], relay: tuple[RecordingRelay, str]
) -> None:
    server, url = relay
    server.refuse_data = 1000
    queue(db, 1)
    config = config_for(url, max_attempts=4, first_delay_s=60, max_delay_s=3600)
    start = later(1)
    elapsed = 0.0
    for attempt, wait in enumerate([60, 120, 240], start=1):  # 60 s × 2^(n-1)
        now = start + timedelta(seconds=elapsed)
        assert deliver_due(sessions, config, clock=at(now)).retried == 1
        row = rows(db)[0]
        assert (row.state, row.attempts) == (MailState.QUEUED, attempt)
        assert row.next_attempt_at.replace(tzinfo=None) == (
            start + timedelta(seconds=elapsed + wait)
        ).replace(tzinfo=None)
        early = start + timedelta(seconds=elapsed + wait - 1)
        assert deliver_due(sessions, config, clock=at(early)).handled == 0
        elapsed += wait
    last = deliver_due(sessions, config, clock=lambda: start + timedelta(seconds=elapsed))
    assert last.failed == 1
    row = rows(db)[0]
    assert (row.state, row.attempts, row.body_encrypted) == (MailState.FAILED, 4, None)
    assert row.last_error == "451 4.3.0 Mailbox busy, try again later"
    assert server.data_commands == 4 and server.accepted == []


def test_message_refused_for_good_fails_at_once(
    db: Session, sessions: sessionmaker[Session], relay: tuple[RecordingRelay, str]
) -> None:
    server, url = relay
    server.refuse_data, server.data_answer = 1, "554 5.7.1 Message rejected as spam"
    queue(db, 2)
    report = deliver_due(sessions, config_for(url))
    assert (report.failed, report.sent) == (1, 1)
    failed = rows(db)[0]
    assert (failed.state, failed.attempts) == (MailState.FAILED, 1)
    assert failed.last_error == "554 5.7.1 Message rejected as spam"


def test_body_sealed_under_another_key_fails_and_sends_nothing(
    db: Session, sessions: sessionmaker[Session], relay: tuple[RecordingRelay, str]
) -> None:
    server, url = relay
    queue(db, 1, key="the key of another installation")
    assert deliver_due(sessions, config_for(url)).failed == 1
    row = rows(db)[0]
    assert (row.state, row.last_error) == (MailState.FAILED, UNREADABLE_BODY)
    assert row.body_encrypted is None
    assert server.accepted == []


def test_unreachable_relay_costs_no_attempt_and_keeps_the_message(
    db: Session, sessions: sessionmaker[Session]
) -> None:
    queue(db, 2)
    report = deliver_due(sessions, config_for(f"smtp://127.0.0.1:{free_port()}?timeout=2"))
    assert report.handled == 0 and report.relay_error is not None
    assert "ConnectionRefusedError" in report.relay_error
    assert [(row.state, row.attempts) for row in rows(db)] == [(MailState.QUEUED, 0)] * 2
    with smtp_server() as (server, url):
        assert deliver_due(sessions, config_for(url)).sent == 2
        assert len(server.accepted) == 2


def test_no_link_in_clear_in_the_database_and_body_erased_once_sent(
    db: Session, sessions: sessionmaker[Session], relay: tuple[RecordingRelay, str], engine: Engine
) -> None:
    server, url = relay
    queue(db, 3, prefix="privacy")
    for row in rows(db):
        assert row.body_encrypted is not None and b"SECRET-LINK" not in row.body_encrypted
    if engine.dialect.name == "sqlite":
        database = str(engine.url.database)
        files = [Path(database), Path(f"{database}-wal")]
        stored = b"".join(path.read_bytes() for path in files if path.exists())
        assert b"SECRET-LINK-privacy" not in stored and b"privacy0@org.example" in stored
    deliver_due(sessions, config_for(url))
    assert [row.body_encrypted for row in rows(db)] == [None] * 3
    assert len(server.accepted) == 3


def test_concurrent_workers_send_each_message_once(
    db: Session, sessions: sessionmaker[Session], relay: tuple[RecordingRelay, str]
) -> None:
    server, url = relay
    ids = queue(db, 30)
    reports = []

    def work() -> None:
        reports.append(deliver_due(sessions, config_for(url)))

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(report.sent for report in reports) == 30
    assert server.message_ids() == dict.fromkeys(ids, 1)


def test_header_injection_fails_that_message_only(
    db: Session, sessions: sessionmaker[Session], relay: tuple[RecordingRelay, str]
) -> None:
    server, url = relay
    for address, subject in [
        ("victim@org.example\r\nBcc: everyone@org.example", "Invitation"),
        ("ok@org.example", "Invitation\r\nBcc: everyone@org.example"),
    ]:
        enqueue(
            db,
            kind=MailKind.TEST,
            to_address=address,
            language="en",
            subject=subject,
            body=MailBody("text", "<p>html</p>"),
            message_domain="org.example",
            secret_key=KEY,
        )
    ids = queue(db, 1)
    report = deliver_due(sessions, config_for(url))
    assert (report.failed, report.sent) == (2, 1)
    assert server.message_ids() == dict.fromkeys(ids, 1)
    assert all("Bcc" not in str(message) for message in server.accepted)
    failed = [row for row in rows(db) if row.state == MailState.FAILED]
    assert [row.attempts for row in failed] == [1, 1]
    assert {row.last_error for row in failed} == {
        "ValueError: Header values may not contain linefeed or carriage return characters"
    }
