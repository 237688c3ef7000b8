"""The audit log (append-only)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.db.models import AuditEvent
from app.domain import ActorKind


def record(
    db: Session,
    *,
    organisation_id: int | None,
    actor_kind: ActorKind,
    actor_id: str | None,
    action: str,
    target_kind: str | None = None,
    target_id: str | None = None,
    row_count: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Add one audit event to the current transaction (committed with the use case)."""
    db.add(
        AuditEvent(
            organisation_id=organisation_id,
            actor_kind=actor_kind,
            actor_id=actor_id,
            action=action,
            target_kind=target_kind,
            target_id=target_id,
            row_count=row_count,
            detail=detail or {},
        )
    )
