"""``iat purge``: apply each campaign's retention period (DESIGN §6). Idempotent.

Retention is counted from the campaign's closing time (``closes_at``, set to the real time
when HR closes it): while a campaign is open nothing is purged. After ``retention_days``,
identity data (names, e-mails) and raw trials (and block receipts) are deleted; scores,
questionnaire answers and the pseudonymous participants stay, so team results remain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from app.audit import repository as audit
from app.db.base import utc_now
from app.db.locks import run_once
from app.domain import ActorKind
from app.retention import repository as hr_retention
from app.times import as_utc


@dataclass
class PurgeReport:
    campaigns: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    skipped: bool = False  # another server was purging at the same moment


PURGE_JOB = "retention.purge"


def purge_expired(db: Session, now: datetime | None = None) -> PurgeReport:
    """Purge every campaign past retention in one transaction; audit what was deleted.

    Every ``iat serve`` start (and cron) runs it: when several servers start at once, one
    purges and the others skip (``run_once``, a PostgreSQL advisory lock)."""
    with run_once(db, PURGE_JOB) as mine:
        if not mine:
            return PurgeReport(skipped=True)
        report = _purge(db, now or utc_now())
        db.commit()
    return report


def _purge(db: Session, now: datetime) -> PurgeReport:
    report = PurgeReport()
    for campaign in hr_retention.closed_campaigns(db):
        ends = as_utc(campaign.closes_at) + timedelta(days=campaign.retention_days)  # type: ignore[arg-type]
        if ends > now:
            continue
        counts = hr_retention.purge_campaign(db, campaign.id)
        report.campaigns += 1
        for name, value in counts.items():
            report.counts[name] = report.counts.get(name, 0) + value
        if sum(counts.values()):
            audit.record(
                db,
                organisation_id=campaign.organisation_id,
                actor_kind=ActorKind.SYSTEM,
                actor_id=None,
                action="retention.purge",
                target_kind="campaign",
                target_id=str(campaign.id),
                row_count=sum(counts.values()),
                detail=counts,
            )
    return report
