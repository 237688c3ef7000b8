"""The campaign dashboard page and its charts (SVG drawn server-side by matplotlib)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from app.accounts.hr_auth import CurrentHRStaff, CurrentScope
from app.aggregates.charts import dashboard_chart
from app.aggregates.dashboard import campaign_dashboard
from app.aggregates.participation_chart import participation_chart
from app.aggregates.reading_guide import reading_guide
from app.deps import RowId, SessionDep
from app.exports.writers import GUIDE_PATH
from app.i18n import request_language
from app.pages.hr.rendering import render_hr

router = APIRouter(include_in_schema=False)


@router.get("/hr/campaigns/{campaign_id}/dashboard", response_class=HTMLResponse)
def dashboard_page(
    request: Request, campaign_id: RowId, user: CurrentHRStaff, scope: CurrentScope, db: SessionDep
) -> HTMLResponse:
    board = campaign_dashboard(db, scope, campaign_id)
    guide = reading_guide()
    context = {
        "board": board,
        "guide_path": GUIDE_PATH,
        "band_factor": guide.band_factor,
        "thresholds": {
            "agreement": guide.agreement_threshold,
            "reliability": guide.reliability_threshold,
        },
    }
    return render_hr(request, "hr/dashboard.html", context)


@router.get("/hr/campaigns/{campaign_id}/dashboard/charts/{name}.svg")
def chart(
    request: Request,
    campaign_id: RowId,
    name: str,
    user: CurrentHRStaff,
    scope: CurrentScope,
    db: SessionDep,
) -> Response:
    svg = dashboard_chart(db, scope, campaign_id, name, request_language(request))
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


@router.get("/hr/campaigns/{campaign_id}/participation.svg")
def participation_svg(
    request: Request, campaign_id: RowId, user: CurrentHRStaff, scope: CurrentScope, db: SessionDep
) -> Response:
    svg = participation_chart(db, scope, campaign_id, request_language(request))
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})
