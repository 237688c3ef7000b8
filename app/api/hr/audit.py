"""The audit log (HR admins: their organisation; platform admins: account events)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app.accounts.hr_auth import HRAdminOrPlatformCall
from app.audit import log as audit_log
from app.audit.download import audit_csv
from app.audit.schemas import AuditEventRead, AuditQuery
from app.i18n import request_language

router = APIRouter(prefix="/api/v1/hr", tags=["hr"])


@router.get(
    "/audit",
    response_model=list[AuditEventRead],
    responses={200: {"headers": {"X-Total-Count": {"description": "events matching"}}}},
)
def list_events(
    call: HRAdminOrPlatformCall, query: Annotated[AuditQuery, Query()], response: Response
) -> list[AuditEventRead]:
    """Newest first: who (``actor_name``), what (``summary``, one sentence per language),
    filtered by ``action``, ``actor`` and days (``since``, ``until``, UTC); a page of
    ``limit`` from ``offset``; ``X-Total-Count`` is the number of events matching."""
    page = audit_log.list_events(call.db, call.scope, query)
    response.headers["X-Total-Count"] = str(page.total)
    return page.items


@router.get("/audit.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def download_events(
    request: Request, call: HRAdminOrPlatformCall, query: Annotated[AuditQuery, Query()]
) -> Response:
    """Every event the filters select, as CSV (``what`` in the request's language; text
    cells that a spreadsheet would run as a formula start with an apostrophe)."""
    body = audit_csv(call.db, call.scope, query, request_language(request))
    headers = {
        "Content-Disposition": 'attachment; filename="audit-log.csv"',
        "Cache-Control": "no-store",
    }
    return Response(
        "\ufeff" + body.decode("utf-8"), media_type="text/csv; charset=utf-8", headers=headers
    )
