"""Background jobs run once across servers (app/db/locks.py): while one server's transaction
holds a job, another server's ``run_once`` of that job is told to skip (PostgreSQL), or waits
for the first one's commit and then finds nothing left (SQLite). The retention purge that
every ``iat serve`` start runs goes through it."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from app.config import Settings
from app.db.base import utc_now
from app.db.locks import lock_key, run_once
from app.db.models import AuditEvent, Campaign, ParticipantIdentity
from app.demo.organisation import load_demo
from app.domain import CampaignState
from app.retention.purge import PURGE_JOB, purge_expired


def _close_long_ago(db: Session, settings: Settings) -> None:
    load_demo(db, settings)
    for campaign in db.scalars(select(Campaign)):
        campaign.state, campaign.closes_at = CampaignState.CLOSED, utc_now() - timedelta(days=9)
        campaign.opens_at = utc_now() - timedelta(days=40)
        campaign.retention_days = 1
    db.commit()


def _purge_audits(db: Session) -> int:
    query = select(func.count()).where(AuditEvent.action == "retention.purge")
    return int(db.scalar(query) or 0)


def test_lock_keys_are_stable_and_distinct() -> None:
    assert lock_key("retention.purge") == lock_key("retention.purge")
    assert lock_key("retention.purge") != lock_key("aggregates.refresh")
    assert -(2**63) <= lock_key("x") < 2**63


def test_a_second_server_skips_the_purge_another_one_is_running(
    db: Session, engine: Engine, settings: Settings
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("advisory locks: PostgreSQL (SQLite serialises, next test)")
    _close_long_ago(db, settings)
    with Session(engine) as other_server, run_once(other_server, PURGE_JOB) as mine:
        assert mine
        report = purge_expired(db)
        assert report.skipped and report.campaigns == 0
        assert db.scalar(select(func.count()).select_from(ParticipantIdentity))
    report = purge_expired(db)  # the other server's transaction ended without purging
    assert not report.skipped and report.campaigns > 0
    assert _purge_audits(db) == report.campaigns


def test_two_servers_purging_at_once_delete_and_audit_once(
    db: Session, engine: Engine, settings: Settings
) -> None:
    _close_long_ago(db, settings)
    campaigns = int(db.scalar(select(func.count()).select_from(Campaign)) or 0)
    reports = []
    start = threading.Barrier(4)

    def server() -> None:
        with Session(engine) as own:
            start.wait()
            reports.append(purge_expired(own))

    threads = [threading.Thread(target=server) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(reports) == 4
    assert _purge_audits(db) == campaigns  # each campaign's purge audited exactly once
    assert db.scalar(select(func.count()).select_from(ParticipantIdentity)) == 0


def test_the_lock_ends_with_the_transaction(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("advisory locks: PostgreSQL")
    with Session(engine) as first, Session(engine) as second:
        with run_once(first, "job") as mine:
            assert mine
            with run_once(second, "job") as also:
                assert not also
            with run_once(second, "another job") as other:
                assert other
        with run_once(second, "job") as now_mine:
            assert now_mine
