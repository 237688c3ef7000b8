"""The worker's hook for scheduled reminders: ``app.mail.reminders.queue_due_reminders(db,
now)`` is called (and committed) when that module exists, skipped when it does not."""

from __future__ import annotations

import sys
import time
import types
from datetime import datetime

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from app.db.base import utc_now
from app.db.engine import build_sessionmaker
from app.db.models import OutboxMessage
from app.mail.worker import PASS_SIZE, REMINDERS_MODULE, MailWorker, queue_reminders
from tests.service.test_mail_delivery import config_for, queue
from tests.support.smtp_relay import smtp_server


def test_no_reminders_module_is_no_error(
    db: Session, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, REMINDERS_MODULE, None)  # import fails: not there
    assert queue_reminders(build_sessionmaker(engine), utc_now()) is False


def test_reminders_queued_by_the_hook_are_committed(
    db: Session, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[datetime] = []

    def queue_due_reminders(session: Session, now: datetime) -> None:
        calls.append(now)
        queue(session, 1, prefix="late", commit=False)  # the worker commits

    module = types.ModuleType(REMINDERS_MODULE)
    module.queue_due_reminders = queue_due_reminders  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, REMINDERS_MODULE, module)
    now = utc_now()
    assert queue_reminders(build_sessionmaker(engine), now) is True
    assert calls == [now]
    assert db.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_worker_loop_chains_full_passes_and_stops_promptly(
    db: Session, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, REMINDERS_MODULE, None)
    ids = queue(db, 2 * PASS_SIZE + 7)
    with smtp_server() as (relay, url):
        worker = MailWorker(build_sessionmaker(engine), config_for(url), poll_s=60)
        worker.start()
        deadline = time.monotonic() + 30
        while len(relay.accepted) < len(ids) and time.monotonic() < deadline:
            time.sleep(0.05)
        started = time.monotonic()
        worker.stop()
        stopped_in = time.monotonic() - started
    assert relay.message_ids() == dict.fromkeys(ids, 1)  # not one poll (60 s) per pass
    assert stopped_in < 5
