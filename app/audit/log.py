"""Audit events written by HR use cases, and the audit log page's reading of them."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.audit import log_repository as hr_audit
from app.audit import repository as audit
from app.audit.schemas import AuditEventRead
from app.db.models import HRUser
from app.domain import ActorKind


def record_hr(
    db: Session,
    actor: HRUser,
    action: str,
    *,
    organisation_id: int | None,
    target: tuple[str, int] | None = None,
    row_count: int | None = None,
) -> None:
    """Add an event by ``actor`` (committed with the use case)."""
    audit.record(
        db,
        organisation_id=organisation_id,
        actor_kind=ActorKind.HR_USER,
        actor_id=str(actor.id),
        action=action,
        target_kind=target[0] if target else None,
        target_id=str(target[1]) if target else None,
        row_count=row_count,
    )


def list_events(db: Session, scope: HRScope, limit: int, offset: int) -> list[AuditEventRead]:
    """HR admins: their organisation's events; platform admins: account events only."""
    rows = hr_audit.list_events(db, scope.organisation_id, limit, offset)
    return [_as_hr_sees(AuditEventRead.model_validate(row)) for row in rows]


def _as_hr_sees(event: AuditEventRead) -> AuditEventRead:
    """A participant's own acts (withdrawing, downloading their data) are listed without
    saying whose or how much, so the log does not tell HR who withdrew."""
    if event.actor_kind != ActorKind.PARTICIPANT:
        return event
    hidden = {"actor_id": None, "target_kind": None, "target_id": None, "row_count": None}
    return event.model_copy(update=hidden)
