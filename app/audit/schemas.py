"""The audit log as the HR API reads it."""

from __future__ import annotations

from datetime import datetime

from app.inputs import FromOrm


class AuditEventRead(FromOrm):
    id: int
    created_at: datetime
    actor_kind: str
    actor_id: str | None
    action: str
    target_kind: str | None
    target_id: str | None
    row_count: int | None
