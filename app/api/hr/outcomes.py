"""Team-level customer outcomes of a campaign: CSV import and list."""

from __future__ import annotations

from fastapi import APIRouter

from app.accounts.hr_auth import HRAdminCall, HRStaffCall
from app.deps import RowId
from app.outcomes import manage as outcomes
from app.outcomes.schemas import OutcomeImportPreview, OutcomeRead
from app.participants.schemas import ImportRequest

router = APIRouter(prefix="/api/v1/hr/campaigns/{campaign_id}/outcomes", tags=["hr"])


@router.post("/import", response_model=OutcomeImportPreview)
def import_outcomes(
    campaign_id: RowId, body: ImportRequest, call: HRAdminCall
) -> OutcomeImportPreview:
    """Preview a CSV of customer outcomes (``confirm=false``) or write it (``confirm=true``,
    only without errors). Columns ``team,metric,value,n_customers,period,direction`` (comma,
    semicolon or tab); ``team`` is one of the campaign's teams by name, ``direction``
    ``higher_better`` or ``lower_better``, ``n_customers`` may be empty. The file as text in
    ``csv`` or its bytes in base64 in ``csv_base64`` (encoding detected). Re-importing a team,
    metric and period replaces its value. HR admins only."""
    return outcomes.hr_import(call.db, call.user, call.scope, campaign_id, body)


@router.get("", response_model=list[OutcomeRead])
def list_outcomes(campaign_id: RowId, call: HRStaffCall) -> list[OutcomeRead]:
    """The campaign's team outcomes by metric, period and team (a manager: their teams)."""
    return outcomes.list_outcomes(call.db, call.scope, campaign_id)
