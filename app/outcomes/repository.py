"""Queries on team outcomes (reach: the campaign's, already checked; a manager's teams)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import CampaignTeam, Team, TeamOutcome
from app.scope import Scope


def campaign_teams(db: Session, campaign_id: int) -> Sequence[Team]:
    """The teams the campaign covers."""
    query = (
        select(Team)
        .join(CampaignTeam, CampaignTeam.team_id == Team.id)
        .where(CampaignTeam.campaign_id == campaign_id)
    )
    return db.scalars(query).all()


def outcomes(db: Session, scope: Scope, campaign_id: int) -> Sequence[TeamOutcome]:
    """The campaign's outcomes (a manager's teams only), by metric, period and team."""
    query = select(TeamOutcome).where(TeamOutcome.campaign_id == campaign_id)
    if scope.team_ids is not None:
        query = query.where(TeamOutcome.team_id.in_(scope.team_ids))
    order = (TeamOutcome.metric, TeamOutcome.period, TeamOutcome.team_id)
    return db.scalars(query.order_by(*order)).all()


def outcomes_by_key(db: Session, campaign_id: int) -> dict[tuple[int, str, str], TeamOutcome]:
    """(team id, metric, period) → stored outcome of the campaign."""
    query = select(TeamOutcome).where(TeamOutcome.campaign_id == campaign_id)
    return {(o.team_id, o.metric, o.period): o for o in db.scalars(query)}


def add_outcome(db: Session, outcome: TeamOutcome) -> None:
    db.add(outcome)
