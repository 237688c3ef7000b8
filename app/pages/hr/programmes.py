"""Programme pages: the list (HR admins create programmes there) and one programme's trends
per team across its closed waves, with the change between two waves."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from app.accounts.hr_auth import HRAdminCall, HRStaffCall
from app.deps import RowId
from app.domain import MAX_ROW_ID
from app.errors import AppError, InvalidInput
from app.i18n import N_, request_language
from app.pages.hr.rendering import FormFields, render_hr
from app.programmes import manage as programmes
from app.programmes.chart import trend_chart
from app.programmes.schemas import ProgrammeCreate
from app.programmes.trends import programme_change, programme_trends

router = APIRouter(prefix="/hr/programmes", include_in_schema=False)
WaveQuery = Annotated[int | None, Query(ge=1, le=MAX_ROW_ID)]


@router.get("", response_class=HTMLResponse)
def list_page(request: Request, call: HRAdminCall) -> HTMLResponse:
    rows = programmes.list_programmes(call.db, call.scope)
    return render_hr(request, "hr/programmes.html", {"programmes": rows})


@router.post("", response_class=HTMLResponse)
def create(request: Request, call: HRAdminCall, form: FormFields) -> Response:
    try:
        body = ProgrammeCreate(name=form.get("name", "").strip())
        created = programmes.create_programme(call.db, call.user, call.scope, body)
    except (AppError, ValidationError) as exc:
        failure = exc if isinstance(exc, AppError) else InvalidInput(N_("name: required"))
        context = {
            "programmes": programmes.list_programmes(call.db, call.scope),
            "failure": failure,
        }
        return render_hr(request, "hr/programmes.html", context, failure.status_code)
    return RedirectResponse(f"/hr/programmes/{created.id}", 303)


@router.get("/{programme_id}", response_class=HTMLResponse)
def programme_page(
    request: Request,
    programme_id: RowId,
    call: HRStaffCall,
    before: Annotated[WaveQuery, Query(alias="from")] = None,
    after: Annotated[WaveQuery, Query(alias="to")] = None,
) -> HTMLResponse:
    """Trends per team; with ``from`` and ``to`` (two closed waves), the change between them."""
    trends = programme_trends(call.db, call.scope, programme_id)
    context: dict[str, object] = {"trends": trends, "before": before, "after": after}
    if before is not None and after is not None:
        try:
            context["change"] = programme_change(call.db, call.scope, programme_id, before, after)
        except AppError as exc:
            context["failure"] = exc
    return render_hr(request, "hr/programme.html", context)


@router.get("/{programme_id}/trend-{measure}.svg")
def chart(request: Request, programme_id: RowId, measure: str, call: HRStaffCall) -> Response:
    """One measure's trend chart; the page's tables are its text alternative."""
    svg = trend_chart(call.db, call.scope, programme_id, measure, request_language(request))
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})
