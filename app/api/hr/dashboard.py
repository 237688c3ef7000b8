"""The campaign dashboard as JSON (twin of ``/hr/campaigns/{id}/dashboard``)."""

from __future__ import annotations

from fastapi import APIRouter

from app.accounts.hr_auth import HRStaffCall
from app.aggregates.dashboard import campaign_dashboard
from app.aggregates.implicit_explicit import hr_implicit_explicit
from app.aggregates.linkage import campaign_linkage
from app.aggregates.linkage_schemas import LinkageRead
from app.aggregates.participation import campaign_participation
from app.aggregates.schemas import DashboardRead, ImplicitExplicitRead, ParticipationRead
from app.deps import RowId

router = APIRouter(prefix="/api/v1/hr", tags=["hr"])


@router.get("/campaigns/{campaign_id}/dashboard", response_model=DashboardRead)
def dashboard(campaign_id: RowId, call: HRStaffCall) -> DashboardRead:
    """Completion, IAT and questionnaire figures per team; suppressed figures are null."""
    return campaign_dashboard(call.db, call.scope, campaign_id)


@router.get("/campaigns/{campaign_id}/participation", response_model=ParticipationRead)
def participation(campaign_id: RowId, call: HRStaffCall) -> ParticipationRead:
    """Invited, started and finished per UTC day with running totals, for the campaign and
    each team the caller may see; a team below the campaign's minimum group size has no
    days of its own (``shown: false``), and "started" is null where it would tell who
    refused (``started_shown: false``)."""
    return campaign_participation(call.db, call.scope, campaign_id)


@router.get("/campaigns/{campaign_id}/implicit-explicit", response_model=ImplicitExplicitRead)
def implicit_explicit(campaign_id: RowId, call: HRStaffCall) -> ImplicitExplicitRead:
    """Per team, the IAT mean beside each questionnaire component and the gap between them
    (mean z(D) − mean z(component), z-scores over the campaign's people, with a 95 % normal
    interval); null unless both figures pass the dashboard's suppression."""
    return hr_implicit_explicit(call.db, call.scope, campaign_id)


@router.get("/campaigns/{campaign_id}/linkage", response_model=LinkageRead)
def linkage(campaign_id: RowId, call: HRStaffCall) -> LinkageRead:
    """Each imported customer outcome (metric, period, direction) linked with the published
    team figures (mean D, LEAD, CONN, AUTO): correlations with 95 % CIs, the outcome
    weighted by its number of customers, a two-step multilevel estimate, relative weights
    with bootstrap intervals, and plain warnings (too few teams, unreliable team means).
    Associations between teams only: no causality, nothing about individuals."""
    return campaign_linkage(call.db, call.scope, campaign_id)
