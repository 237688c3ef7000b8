"""Team aggregates for researchers: the HR dashboard's figures, suppressed the same way."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.aggregates.campaign import campaign_aggregates
from app.campaigns.catalogue import campaign_of
from app.exports.research_schemas import TeamAggregatesRead
from app.tokens.access import ResearchCaller


def team_aggregates(db: Session, caller: ResearchCaller, campaign_id: int) -> TeamAggregatesRead:
    """Aggregates of the whole campaign and each team (allowed whatever the individual-results
    policy: suppressed aggregates reveal no one); withheld until the campaign closes."""
    found = campaign_aggregates(db, campaign_of(db, caller, campaign_id))
    return TeamAggregatesRead(
        campaign_id=campaign_id,
        min_group_size_iat=found.iat_minimum,
        min_group_size_questionnaire=found.questionnaire_minimum,
        published=found.published,
        groups=found.rows,
        d_split_half=found.d_split_half,
        subscale_reliability=found.subscale_reliability,
    )
