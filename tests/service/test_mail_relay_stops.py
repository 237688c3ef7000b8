"""The SMTP relay stops in the middle of a mail-out and comes back: nothing is lost, and a
message is repeated only if the relay had taken it without confirming (same Message-ID)."""

from __future__ import annotations

import threading
import time

from aiosmtpd.controller import Controller
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.db.models import OutboxMessage
from app.domain import MailState
from app.mail.catcher import free_port
from app.mail.delivery import DeliveryReport, deliver_due
from tests.service.test_mail_delivery import config_for, later, queue, sessions  # noqa: F401
from tests.support.smtp_relay import RecordingRelay


def test_relay_stopping_mid_mail_out_loses_nothing(
    db: Session,
    sessions: sessionmaker[Session],  # noqa: F811
) -> None:
    ids = queue(db, 12)
    relay = RecordingRelay(on_accept=lambda _message: time.sleep(0.05))
    port = free_port()
    url = f"smtp://127.0.0.1:{port}?timeout=2"
    controller = Controller(relay, hostname="127.0.0.1", port=port)
    controller.start()
    reports: list[DeliveryReport] = []
    worker = threading.Thread(target=lambda: reports.append(deliver_due(sessions, config_for(url))))
    worker.start()
    while len(relay.accepted) < 4:
        time.sleep(0.01)
    controller.stop()  # the relay goes away with the worker in the middle of the list
    worker.join(30)
    assert reports[0].relay_error is not None or reports[0].retried > 0
    assert reports[0].sent < 12
    db.expire_all()
    assert db.scalar(select(func.count()).where(OutboxMessage.state == MailState.QUEUED)) > 0
    controller = Controller(relay, hostname="127.0.0.1", port=port)  # back on the same port
    controller.start()
    try:
        assert deliver_due(sessions, config_for(url), clock=lambda: later(3600)).relay_error is None
    finally:
        controller.stop()
    received = relay.message_ids()
    assert set(received) == set(ids)  # nothing lost
    assert sum(received.values()) - len(ids) <= 1  # at most the one the relay took unconfirmed
    db.expire_all()
    assert db.scalar(select(func.count()).where(OutboxMessage.state == MailState.SENT)) == 12
