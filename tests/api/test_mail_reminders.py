"""Scheduled reminders (``queue_due_reminders``): only to people not finished, never to those
who declined or withdrew, each scheduled reminder once, with a link that resumes the session."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

from app.db.base import utc_now
from app.db.engine import build_sessionmaker
from app.db.models import Campaign
from app.mail.reminders import queue_due_reminders
from tests.support.hr import unlink_team_tree
from tests.support.mail import (
    link_token,
    mail_campaign,
    mail_out,
    mark_sent,
    messages,
    refuse_and_finish,
    tokens_by_address,
)
from tests.support.participants import auth

PARTICIPANT = "/api/v1/participant"


@pytest.fixture
def campaign_id(client: TestClient, db: Session) -> Iterator[int]:
    yield mail_campaign(client, db)
    unlink_team_tree(db)


def _reminded(db: Session, since: int) -> list[str]:
    return sorted(m.to_address for m in messages(db)[since:] if m.kind == "reminder")


def test_scheduled_reminders_reach_only_those_not_finished_and_each_once(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    db.execute(update(Campaign).values(reminder_days=[3, 7]))
    db.commit()
    mail_out(client, campaign_id, kind="invitation", audience="not_invited")
    refuse_and_finish(client, db, campaign_id)  # d1 declines, w1 withdraws, f1 finished
    started = tokens_by_address(db)["a1@org.example"][0]
    accept = {"language": "fr", "accept": True}
    assert client.post(f"{PARTICIPANT}/consent", json=accept, headers=auth(started)).is_success
    invited_at = utc_now()
    mark_sent(db, invited_at)
    before = len(messages(db))
    assert queue_due_reminders(db, invited_at + timedelta(days=2)) == 0
    day3 = invited_at + timedelta(days=3, minutes=1)
    assert queue_due_reminders(db, day3) == 2
    assert _reminded(db, before) == ["a1@org.example", "s1@org.example"]
    (reminder,) = [m for m in messages(db)[before:] if m.to_address == "a1@org.example"]
    resumed = link_token(reminder)
    session = client.get(f"{PARTICIPANT}/session", headers=auth(resumed))
    assert session.status_code == 200 and session.json()["state"] == "consented"
    assert queue_due_reminders(db, day3) == 0  # idempotent
    assert queue_due_reminders(db, day3 + timedelta(days=1)) == 0
    assert queue_due_reminders(db, invited_at + timedelta(days=7, minutes=1)) == 2
    assert queue_due_reminders(db, invited_at + timedelta(days=30)) == 0
    assert _reminded(db, before) == ["a1@org.example"] * 2 + ["s1@org.example"] * 2
    listed = client.get(f"/api/v1/hr/campaigns/{campaign_id}/mailings").json()
    scheduled = [(m["audience"], m["reminder_day"], m["queued"]) for m in listed[:2]]
    assert sorted(scheduled) == [("scheduled", 3, 2), ("scheduled", 7, 2)]


def test_a_late_start_of_reminders_sends_only_the_latest_due_one(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    mail_out(client, campaign_id, kind="invitation", audience="not_invited")
    invited_at = utc_now() - timedelta(days=10)
    mark_sent(db, invited_at)
    assert queue_due_reminders(db, utc_now()) == 0  # no reminder days yet
    db.execute(update(Campaign).values(reminder_days=[3, 7]))
    db.commit()
    before = len(messages(db))
    assert queue_due_reminders(db, utc_now()) == 5
    assert queue_due_reminders(db, utc_now()) == 0
    assert len(_reminded(db, before)) == 5


def test_no_reminder_in_a_closed_campaign_or_for_unsent_invitations(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    db.execute(update(Campaign).values(reminder_days=[1]))
    db.commit()
    mail_out(client, campaign_id, kind="invitation", audience="not_invited")
    assert queue_due_reminders(db, utc_now() + timedelta(days=5)) == 0  # not sent yet
    mark_sent(db, utc_now())
    db.execute(update(Campaign).values(state="closed"))
    db.commit()
    assert queue_due_reminders(db, utc_now() + timedelta(days=5)) == 0


def test_two_workers_at_once_remind_each_person_once(
    client: TestClient, db: Session, campaign_id: int, engine: Engine
) -> None:
    db.execute(update(Campaign).values(reminder_days=[1]))
    db.commit()
    mail_out(client, campaign_id, kind="invitation", audience="not_invited")
    mark_sent(db, utc_now() - timedelta(days=2))
    before = len(messages(db))
    start, counts = threading.Barrier(2), []

    def worker() -> None:
        with build_sessionmaker(engine)() as session:
            start.wait()
            counts.append(queue_due_reminders(session, utc_now()))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(counts) == [0, 5]
    assert len(_reminded(db, before)) == 5
