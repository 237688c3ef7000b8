"""Reading the audit log, bound to one organisation (or to account events), and the names
of the people and things its events point at."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.db.models import (
    ApiToken,
    AuditEvent,
    Campaign,
    HRUser,
    Participant,
    Programme,
    Team,
)

ACCOUNT_ACTIONS = ("organisation.%", "account.%", "hr.%")


@dataclass(frozen=True)
class AuditWhere:
    """Filters (None: none). ``action_prefix``: a family (``campaign.``); ``actor_id`` only
    with ``actor_kind``; ``since`` included, ``before`` excluded (UTC)."""

    action: str | None = None
    action_prefix: str | None = None
    actor_kind: str | None = None
    actor_id: str | None = None
    since: datetime | None = None
    before: datetime | None = None


def _conditions(organisation_id: int | None, where: AuditWhere) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if organisation_id is not None:
        found.append(AuditEvent.organisation_id == organisation_id)
    else:
        found.append(or_(*(AuditEvent.action.like(p) for p in ACCOUNT_ACTIONS)))
    if where.action is not None:
        found.append(AuditEvent.action == where.action)
    if where.action_prefix is not None:
        escaped = where.action_prefix.replace("_", "\\_")
        found.append(AuditEvent.action.like(f"{escaped}%", escape="\\"))
    if where.actor_kind is not None:
        found.append(AuditEvent.actor_kind == where.actor_kind)
    if where.actor_id is not None:
        found.append(AuditEvent.actor_id == where.actor_id)
    if where.since is not None:
        found.append(AuditEvent.created_at >= where.since)
    if where.before is not None:
        found.append(AuditEvent.created_at < where.before)
    return found


def _filtered(organisation_id: int | None, where: AuditWhere) -> Select[AuditEvent]:
    return select(AuditEvent).where(*_conditions(organisation_id, where))


def list_events(
    db: Session, organisation_id: int | None, where: AuditWhere, limit: int | None, offset: int
) -> tuple[Sequence[AuditEvent], int]:
    """A page (``limit`` None: all from ``offset``), newest first, and how many events match.
    ``organisation_id=None``: account events of every organisation only."""
    query = _filtered(organisation_id, where)
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    query = query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    return db.scalars(query.limit(limit).offset(offset)).all(), total


# What a target or actor kind is called in words: (id column, name column) of its table.
_NAMED: dict[str, tuple[InstrumentedAttribute[int], InstrumentedAttribute[str]]] = {
    "user": (HRUser.id, HRUser.email),
    "api_token": (ApiToken.id, ApiToken.name),
    "campaign": (Campaign.id, Campaign.name),
    "programme": (Programme.id, Programme.name),
    "team": (Team.id, Team.name),
    "participant": (Participant.id, Participant.code),
}


def names(db: Session, kind: str, ids: Collection[int]) -> dict[int, str]:
    """Id → name (an account's e-mail, a participant's code) of ``ids`` of ``kind``."""
    columns = _NAMED.get(kind)
    if columns is None or not ids:
        return {}
    query = select(*columns).where(columns[0].in_(ids))
    return {row[0]: row[1] for row in db.execute(query)}


def actors(db: Session, organisation_id: int | None) -> Sequence[tuple[str, str | None]]:
    """(actor kind, actor id) pairs of the organisation's events, for the person filter
    (participants left out: their acts are listed without saying whose)."""
    query = (
        select(AuditEvent.actor_kind, AuditEvent.actor_id)
        .where(*_conditions(organisation_id, AuditWhere()))
        .where(AuditEvent.actor_kind != "participant")
        .distinct()
    )
    return [(row[0], row[1]) for row in db.execute(query)]
