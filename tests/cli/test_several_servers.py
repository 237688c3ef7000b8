"""Two ``iat serve`` processes on one PostgreSQL database behind nginx (round-robin, no
session stickiness): a participant takes the whole test, HR signs in and reads the dashboard,
a researcher calls the API, their requests alternating between the servers; background work
(retention purge at start, scheduled reminders, the outbox) happens once across servers.
Nothing in the proxy's access log or the servers' JSON logs holds a link's token."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from app.config import Mode, Settings
from app.db.base import utc_now
from app.db.engine import build_engine
from app.db.migrate import upgrade
from app.db.models import AuditEvent, Campaign, OutboxMessage, ParticipantIdentity
from app.demo.organisation import DemoInfo, load_demo
from app.domain import CampaignState, MailKind, MailState
from app.mail.outbox import MailBody, enqueue
from app.main import create_app
from tests.support.databases import fresh_database
from tests.support.mail import mail_campaign, mail_out, mark_sent
from tests.support.participants import (
    answer_questionnaire,
    auth,
    consent_and_start,
    simulated_blocks,
)
from tests.support.proxy import nginx, require_nginx
from tests.support.servers import SECRET_KEY, require_postgres, server_environment, servers
from tests.support.smtp_relay import RecordingRelay, smtp_server

pytestmark = pytest.mark.postgres


@pytest.fixture
def database(tmp_path: Path) -> Iterator[str]:
    require_postgres()
    with fresh_database("postgresql", tmp_path) as url:
        yield url


def _settings(url: str, tmp_path: Path, base_url: str) -> Settings:
    return Settings(
        database_url=url, mode=Mode.TEST, var_dir=tmp_path, secret_key=SECRET_KEY, base_url=base_url
    )


def _participant(proxy: httpx.Client, token: str) -> None:
    assert proxy.get(f"/p/{token}").status_code == 200
    plan = consent_and_start(proxy, token)  # type: ignore[arg-type]
    for index, payload in enumerate(simulated_blocks(plan), 1):
        stored = proxy.put(f"/api/v1/participant/blocks/{index}", json=payload, headers=auth(token))
        assert stored.status_code == 200, stored.text
    answer_questionnaire(proxy, token)  # type: ignore[arg-type]
    finished = proxy.post("/api/v1/participant/finish", headers=auth(token))
    assert finished.status_code == 200 and finished.json()["state"] == "completed"


def _hr_and_research(proxy: httpx.Client, info: DemoInfo, campaign_id: int) -> None:
    login = {"email": info.hr_email, "password": info.hr_password}
    assert proxy.post("/api/v1/hr/login", json=login).status_code == 200
    for _ in range(4):  # the session cookie works on either server (one IAT_SECRET_KEY)
        assert proxy.get(f"/api/v1/hr/campaigns/{campaign_id}/dashboard").status_code == 200
        assert proxy.get(f"/hr/campaigns/{campaign_id}/dashboard").status_code == 200
    research = {"Authorization": f"Bearer {info.research_token}"}
    for _ in range(2):
        assert proxy.get("/api/v1/studies", headers=research).status_code == 200


def test_participants_hr_and_research_through_a_proxy_over_two_servers(
    database: str, tmp_path: Path
) -> None:
    require_nginx()
    env = server_environment(database, tmp_path)
    with servers(env, 2, tmp_path) as upstreams, nginx(upstreams, tmp_path) as proxy_url:
        engine = build_engine(database)
        with Session(engine) as db:
            info = load_demo(db, _settings(database, tmp_path, proxy_url))
            campaign_id = db.scalars(select(Campaign.id)).one()
        engine.dispose()
        token = info.invitation_urls[0].rsplit("/", 1)[1]
        with httpx.Client(base_url=proxy_url, timeout=30) as proxy:
            _participant(proxy, token)
            _hr_and_research(proxy, info, campaign_id)
    served_by = _access_log_upstreams(tmp_path / "access.log", token)
    assert set(served_by) == set(upstreams)
    alternations = sum(a != b for a, b in pairwise(served_by))
    assert alternations >= len(served_by) * 0.9  # round-robin: nearly every next request
    _assert_json_logs_without_token(tmp_path, upstreams, token)


def _access_log_upstreams(path: Path, token: str) -> list[str]:
    text = path.read_text()
    assert token not in text and '"GET /p/[redacted] HTTP/1.1" 200' in text
    return [line.split("upstream=")[1].split()[0] for line in text.splitlines()]


def _assert_json_logs_without_token(logs: Path, upstreams: list[str], token: str) -> None:
    for address in upstreams:
        lines = (logs / f"server-{address.split(':')[1]}.log").read_text().splitlines()
        entries = [json.loads(line) for line in lines]  # every line is one JSON object
        requests = [e for e in entries if e.get("logger") == "iat.request"]
        assert requests and all(e["request_id"] for e in requests)
        assert all(e["client"] == "127.0.0.1" for e in requests)  # nginx forwards the client
        assert token not in "\n".join(lines)


def _queue_loose_mails(db: Session, count: int) -> None:
    for n in range(count):
        enqueue(db, kind=MailKind.INVITATION, to_address=f"p{n}@org.example", language="en",
                subject=f"Message {n}", body=MailBody("text", "<p>html</p>"),
                message_domain="org.example", secret_key=SECRET_KEY)  # fmt: skip
    db.commit()


def _due_reminders_and_expired_campaigns(db: Session, settings: Settings) -> int:
    """Five people whose invitations went out two days ago in a campaign that reminds after
    one day; the demo's campaigns closed past retention. Returns the demo's campaigns."""
    with TestClient(create_app(settings)) as hr:
        campaign_id = mail_campaign(hr, db)
        mail_out(hr, campaign_id, kind="invitation", audience="not_invited")
    mark_sent(db, utc_now() - timedelta(days=2))
    db.execute(update(Campaign).where(Campaign.id == campaign_id).values(reminder_days=[1]))
    load_demo(db, settings)
    closed = {"state": CampaignState.CLOSED, "retention_days": 1}
    closed |= {"opens_at": utc_now() - timedelta(days=30), "closes_at": utc_now() - timedelta(9)}
    expired = db.execute(update(Campaign).where(Campaign.id != campaign_id).values(closed))
    db.commit()
    return expired.rowcount


def _wait_for_delivery(engine: Engine, relay: RecordingRelay, expected: int) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        with Session(engine) as db:
            queued = db.scalar(select(func.count()).where(OutboxMessage.state == MailState.QUEUED))
        if queued == 0 and sum(relay.message_ids().values()) >= expected:
            time.sleep(3)  # a second copy, if any, would arrive now
            return
        time.sleep(0.2)
    raise AssertionError("the outbox was not delivered")


def test_two_servers_purge_remind_and_deliver_once(database: str, tmp_path: Path) -> None:
    upgrade(database)
    engine = build_engine(database)
    with Session(engine) as db:
        expired = _due_reminders_and_expired_campaigns(
            db, _settings(database, tmp_path, "http://x")
        )
        _queue_loose_mails(db, 30)
    with smtp_server() as (relay, smtp_url):
        env = server_environment(database, tmp_path, IAT_SMTP_URL=smtp_url)
        env["IAT_MAIL_FROM"] = "noreply@org.example"
        with servers(env, 2, tmp_path):
            _wait_for_delivery(engine, relay, 30 + 5)  # the invitations were marked sent
        received = relay.message_ids()
    with Session(engine) as db:
        reminders = db.scalars(select(OutboxMessage).where(OutboxMessage.kind == MailKind.REMINDER))
        assert sorted(m.to_address for m in reminders) == sorted(
            f"{person}1@org.example"
            for person in "adfsw"  # x1 has no address
        )
        purges = Counter(
            db.scalars(select(AuditEvent.target_id).where(AuditEvent.action == "retention.purge"))
        )
        assert db.scalar(select(func.count()).select_from(ParticipantIdentity)) == 6
    engine.dispose()
    assert len(received) == 30 + 5 and set(received.values()) == {1}
    assert len(purges) == expired and set(purges.values()) == {1}
