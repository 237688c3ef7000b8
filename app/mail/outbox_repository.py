"""Queries on the outbox: what is due, claims, delivery results, and what HR sees.

HR functions take ids the caller has already checked against its scope (a campaign from
``campaigns.repository.readable_campaigns``); they never return a body.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from app.db.models import OutboxMessage
from app.domain import MailState


def _due(now: datetime, rows: Any = OutboxMessage) -> ColumnElement[bool]:
    """Queued, its retry time reached, and not held by a live claim (SQLite leases)."""
    return and_(
        rows.state == MailState.QUEUED,
        rows.next_attempt_at <= now,
        or_(rows.claimed_until.is_(None), rows.claimed_until < now),
    )


def has_due(db: Session, now: datetime) -> bool:
    return db.scalar(select(OutboxMessage.id).where(_due(now)).limit(1)) is not None


def lock_next_due(db: Session, now: datetime) -> OutboxMessage | None:
    """PostgreSQL: the oldest due message, row-locked until this transaction ends; rows
    other workers hold are skipped, not waited for."""
    query = select(OutboxMessage).where(_due(now)).order_by(OutboxMessage.id).limit(1)
    return db.scalars(query.with_for_update(skip_locked=True)).first()


def claim_next_due(db: Session, now: datetime, claimed_until: datetime) -> int | None:
    """SQLite: mark the oldest due message as held until ``claimed_until`` (one statement,
    so two workers never claim the same row) and return its id."""
    other = aliased(OutboxMessage)
    oldest = select(other.id).where(_due(now, other)).order_by(other.id).limit(1)
    claim = (
        update(OutboxMessage)
        .where(OutboxMessage.id == oldest.scalar_subquery(), _due(now))
        .values(claimed_until=claimed_until)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    return db.execute(claim).scalar_one_or_none()


def record_result(
    db: Session, message_id: int, values: dict[str, Any], claimed_until: datetime | None
) -> bool:
    """Write a delivery result; with a claim, only if this worker still holds it."""
    where = [OutboxMessage.id == message_id, OutboxMessage.state == MailState.QUEUED]
    if claimed_until is not None:
        where.append(OutboxMessage.claimed_until == claimed_until)
    statement = update(OutboxMessage).where(*where).values(claimed_until=None, **values)
    done = db.execute(statement.execution_options(synchronize_session=False))
    return bool(getattr(done, "rowcount", 0))


# What HR sees --------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutboxRow:
    """One message as HR sees it: no body."""

    id: int
    mailing_id: int | None
    participant_id: int | None
    kind: str
    to_address: str
    language: str
    subject: str
    state: str
    attempts: int
    last_error: str | None
    next_attempt_at: datetime
    sent_at: datetime | None
    created_at: datetime


_ROW_COLUMNS = [getattr(OutboxMessage, name) for name in OutboxRow.__dataclass_fields__]


def _zeroes() -> dict[str, int]:
    return {state.value: 0 for state in MailState}


def state_counts_by_mailing(db: Session, campaign_id: int) -> dict[int, dict[str, int]]:
    """For each mailing of the campaign that has messages: messages per state (every state
    present, zero included)."""
    query = (
        select(OutboxMessage.mailing_id, OutboxMessage.state, func.count())
        .where(OutboxMessage.campaign_id == campaign_id, OutboxMessage.mailing_id.is_not(None))
        .group_by(OutboxMessage.mailing_id, OutboxMessage.state)
    )
    counts: dict[int, dict[str, int]] = {}
    for mailing_id, state, count in db.execute(query):
        counts.setdefault(int(mailing_id or 0), _zeroes())[state] = count
    return counts


def _state_counts(db: Session, where: ColumnElement[bool]) -> dict[str, int]:
    query = select(OutboxMessage.state, func.count()).where(where).group_by(OutboxMessage.state)
    return {**_zeroes(), **{state: count for state, count in db.execute(query)}}


def state_counts_of_mailing(db: Session, mailing_id: int) -> dict[str, int]:
    """Messages per state of one mailing (every state present)."""
    return _state_counts(db, OutboxMessage.mailing_id == mailing_id)


def state_counts_of_campaign(db: Session, campaign_id: int) -> dict[str, int]:
    """Messages per state of the whole campaign, test messages included."""
    return _state_counts(db, OutboxMessage.campaign_id == campaign_id)


def campaign_messages(
    db: Session,
    campaign_id: int,
    *,
    state: MailState | None = None,
    mailing_id: int | None = None,
    limit: int = 200,
    offset: int = 0,
) -> Sequence[OutboxRow]:
    """The campaign's messages, newest first, without their bodies."""
    query = select(*_ROW_COLUMNS).where(OutboxMessage.campaign_id == campaign_id)
    if state is not None:
        query = query.where(OutboxMessage.state == state)
    if mailing_id is not None:
        query = query.where(OutboxMessage.mailing_id == mailing_id)
    query = query.order_by(OutboxMessage.id.desc()).limit(limit).offset(offset)
    return [OutboxRow(*row) for row in db.execute(query)]


def count_campaign_messages(
    db: Session, campaign_id: int, *, state: MailState | None = None
) -> int:
    query = select(func.count()).where(OutboxMessage.campaign_id == campaign_id)
    if state is not None:
        query = query.where(OutboxMessage.state == state)
    return db.scalar(query) or 0


def queued_count(db: Session) -> int:
    """How many messages wait for delivery (the outbox depth, for /metrics)."""
    query = select(func.count()).where(OutboxMessage.state == MailState.QUEUED)
    return int(db.scalar(query) or 0)
