"""Retention: identity and raw trials go after the period counted from closing; idempotent."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.config import Settings
from app.db.base import utc_now
from app.db.models import (
    AuditEvent,
    Campaign,
    OutboxMessage,
    ParticipantIdentity,
    Score,
    Trial,
)
from app.demo.organisation import load_demo
from app.domain import CampaignState, MailKind
from app.mail.outbox import MailBody, enqueue
from app.retention.purge import purge_expired


def _count(db: Session, model: type) -> int:
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_purge_waits_for_retention_after_closing_and_is_idempotent(
    db: Session, settings: Settings
) -> None:
    load_demo(db, settings)
    campaign = db.scalars(select(Campaign)).first()
    assert campaign is not None
    identities = _count(db, ParticipantIdentity)  # the demo's unused invitees' addresses
    assert identities > 0
    trials, scores = _count(db, Trial), _count(db, Score)
    assert purge_expired(db).campaigns == 0  # still open
    mail = MailBody(text="your link: http://x/p/secret", html="<p>your link</p>")
    enqueue(db, kind=MailKind.INVITATION, to_address="ann@org.example", language="fr",
            subject="Invitation", body=mail, message_domain="org.example",
            campaign_id=campaign.id, secret_key="k" * 32)  # fmt: skip
    campaign.state, campaign.closes_at = CampaignState.CLOSED, utc_now()
    campaign.retention_days = 30
    db.commit()
    assert purge_expired(db, utc_now() + timedelta(days=29)).campaigns == 0
    assert _count(db, ParticipantIdentity) == identities
    report = purge_expired(db, utc_now() + timedelta(days=31))
    assert report.campaigns == 1 and report.counts["identities"] == identities
    assert report.counts["trials"] == trials
    assert (_count(db, ParticipantIdentity), _count(db, Trial)) == (0, 0)
    assert report.counts["emails"] == 1 and _count(db, OutboxMessage) == 0  # addresses too
    assert _count(db, Score) == scores  # derived, pseudonymous results stay
    again = purge_expired(db, utc_now() + timedelta(days=31))
    assert sum(again.counts.values()) == 0
    assert db.scalar(select(func.count()).where(AuditEvent.action == "retention.purge")) == 1
