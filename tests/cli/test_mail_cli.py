"""``iat mail remind``: queues the due scheduled reminders once, with links on IAT_BASE_URL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.cli import cli
from app.config import get_settings
from app.db.base import utc_now
from app.db.models import Campaign
from tests.support.databases import TEST_SECRET_KEY
from tests.support.hr import unlink_team_tree
from tests.support.mail import body, link_token, mail_campaign, mail_out, mark_sent, messages
from tests.support.participants import auth


@pytest.fixture
def campaign_id(
    client: TestClient, db: Session, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[int]:
    monkeypatch.setenv("IAT_DATABASE_URL", database_url)
    monkeypatch.setenv("IAT_BASE_URL", "http://iat.example")
    monkeypatch.setenv("IAT_SECRET_KEY", TEST_SECRET_KEY)  # the key the tests unseal with
    get_settings.cache_clear()
    yield mail_campaign(client, db)
    get_settings.cache_clear()
    unlink_team_tree(db)


def test_mail_remind_queues_due_reminders_once(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    db.execute(update(Campaign).values(reminder_days=[2]))
    db.commit()
    mail_out(client, campaign_id, kind="invitation", audience="not_invited")
    mark_sent(db, utc_now() - timedelta(days=3))
    first = CliRunner().invoke(cli, ["mail", "remind"])
    assert first.exit_code == 0 and "5 reminder(s) queued" in first.output, first.output
    again = CliRunner().invoke(cli, ["mail", "remind"])
    assert again.exit_code == 0 and "0 reminder(s) queued" in again.output
    reminders = [m for m in messages(db) if m.kind == "reminder"]
    assert len(reminders) == 5
    for message in reminders:
        token = link_token(message)
        assert f"http://iat.example/p/{token}" in body(message).text
        assert client.get("/api/v1/participant/session", headers=auth(token)).status_code == 200
