"""Reading the audit log, bound to one organisation (or to account events)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.db.models import AuditEvent

ACCOUNT_ACTIONS = ("organisation.%", "account.%", "hr.%")


def list_events(
    db: Session, organisation_id: int | None, limit: int, offset: int
) -> Sequence[AuditEvent]:
    """Newest first. ``organisation_id=None``: account events of every organisation only."""
    query = select(AuditEvent)
    if organisation_id is not None:
        query = query.where(AuditEvent.organisation_id == organisation_id)
    else:
        query = query.where(or_(*(AuditEvent.action.like(p) for p in ACCOUNT_ACTIONS)))
    query = query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    return db.scalars(query.limit(limit).offset(offset)).all()
