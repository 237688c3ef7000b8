"""Research API: team-level customer outcomes (``outcomes:write``)."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.research.common import CAMPAIGN_ERRORS, CampaignId
from app.deps import SessionDep
from app.outcomes import manage as outcomes
from app.outcomes.schemas import OutcomeImportPreview
from app.participants.schemas import ImportRequest
from app.tokens.research_auth import OutcomesWriter

router = APIRouter(prefix="/api/v1")


@router.post(
    "/campaigns/{campaign_id}/outcomes/import",
    response_model=OutcomeImportPreview,
    responses=CAMPAIGN_ERRORS,
    tags=["outcomes"],
)
def import_outcomes(
    db: SessionDep, caller: OutcomesWriter, campaign_id: CampaignId, body: ImportRequest
) -> OutcomeImportPreview:
    """Preview (``confirm: false``) or write (``confirm: true``, only without line errors) a
    CSV of team-level customer outcomes: columns ``team,metric,value,n_customers,period,
    direction`` (``team``: one of the campaign's teams by name; ``direction``:
    ``higher_better`` | ``lower_better``). Re-importing a team, metric and period replaces
    its value. Scope `outcomes:write`."""
    return outcomes.research_import(db, caller, campaign_id, body)
