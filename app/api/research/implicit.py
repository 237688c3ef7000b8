"""Research API: implicit beside explicit (team gaps; person-level correlation)."""

from __future__ import annotations

from fastapi import APIRouter

from app.aggregates import implicit_explicit
from app.aggregates.schemas import ImplicitExplicitCorrelationRead, ImplicitExplicitRead
from app.api.research.common import CAMPAIGN_ERRORS, ROWS_ERRORS, CampaignId
from app.deps import SessionDep
from app.tokens.research_auth import ScoresReader

router = APIRouter(prefix="/api/v1")


@router.get(
    "/campaigns/{campaign_id}/implicit-explicit",
    response_model=ImplicitExplicitRead,
    responses=CAMPAIGN_ERRORS,
    tags=["aggregates"],
)
def get_implicit_explicit(
    db: SessionDep, caller: ScoresReader, campaign_id: CampaignId
) -> ImplicitExplicitRead:
    """Per team, the IAT mean beside each questionnaire component and the standardised gap
    between them with its 95 % interval, under the dashboard's suppression (any policy).
    Scope `scores:read`."""
    return implicit_explicit.research_implicit_explicit(db, caller, campaign_id)


@router.get(
    "/campaigns/{campaign_id}/implicit-explicit/correlation",
    response_model=ImplicitExplicitCorrelationRead,
    responses=ROWS_ERRORS,
    tags=["aggregates"],
)
def get_implicit_explicit_correlation(
    db: SessionDep, caller: ScoresReader, campaign_id: CampaignId
) -> ImplicitExplicitCorrelationRead:
    """Person-level Pearson's r of D with each subscale score and its 95 % Fisher-z interval.
    Only where the campaign's policy allows individual results (403) and once it is closed
    (409), as for the rows themselves. Scope `scores:read`."""
    return implicit_explicit.person_correlations(db, caller, campaign_id)
