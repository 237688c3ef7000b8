"""The campaign dashboard as JSON (twin of ``/hr/campaigns/{id}/dashboard``)."""

from __future__ import annotations

from fastapi import APIRouter

from app.accounts.hr_auth import HRStaffCall
from app.aggregates.dashboard import campaign_dashboard
from app.aggregates.schemas import DashboardRead
from app.deps import RowId

router = APIRouter(prefix="/api/v1/hr", tags=["hr"])


@router.get("/campaigns/{campaign_id}/dashboard", response_model=DashboardRead)
def dashboard(campaign_id: RowId, call: HRStaffCall) -> DashboardRead:
    """Completion, IAT and questionnaire figures per team; suppressed figures are null."""
    return campaign_dashboard(call.db, call.scope, campaign_id)
