"""The audit log (HR admins: their organisation; platform admins: account events)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.accounts.hr_auth import HRAdminOrPlatformCall
from app.audit import log as audit_log
from app.audit.schemas import AuditEventRead

router = APIRouter(prefix="/api/v1/hr", tags=["hr"])


@router.get("/audit", response_model=list[AuditEventRead])
def list_events(
    call: HRAdminOrPlatformCall,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=100_000_000)] = 0,
) -> list[AuditEventRead]:
    """The audit log, newest first, by pages (``limit``, ``offset``): an HR admin sees their
    organisation's events, a platform admin account events only. Managers: 403."""
    return audit_log.list_events(call.db, call.scope, limit, offset)
