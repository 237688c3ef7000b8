"""Team aggregates for researchers: the HR dashboard's figures, suppressed the same way."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.aggregates.stored import stored_dashboard
from app.campaigns.catalogue import campaign_of
from app.exports.research_schemas import TeamAggregatesRead
from app.tokens.access import ResearchCaller


def team_aggregates(db: Session, caller: ResearchCaller, campaign_id: int) -> TeamAggregatesRead:
    """Aggregates of the whole campaign and each team (allowed whatever the individual-results
    policy: suppressed aggregates reveal no one); withheld until the campaign closes. Read from
    the stored whole-organisation dashboard, the same figures HR admins see."""
    found = stored_dashboard(db, campaign_of(db, caller, campaign_id), None)
    minimums = {
        name: getattr(found.campaign, name)
        for name in ("min_group_size_iat", "min_group_size_questionnaire")
    }
    figures = ("published", "groups", "d_split_half", "subscale_reliability")
    return TeamAggregatesRead(
        campaign_id=campaign_id, **minimums, **{name: getattr(found, name) for name in figures}
    )
