"""Campaign queries of the HR workspace, always bound to the caller's organisation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.db.models import Campaign, CampaignTeam, Participant, ParticipantSession


def get_campaign(db: Session, organisation_id: int, campaign_id: int) -> Campaign | None:
    """The campaign if it belongs to ``organisation_id``; None otherwise (a 404 upstream)."""
    query = select(Campaign).where(
        Campaign.id == campaign_id, Campaign.organisation_id == organisation_id
    )
    return db.scalars(query).one_or_none()


def list_campaigns(
    db: Session, organisation_id: int, team_ids: frozenset[int] | None = None
) -> Sequence[Campaign]:
    """The organisation's campaigns, newest first; with ``team_ids``, those covering one."""
    query = select(Campaign).where(Campaign.organisation_id == organisation_id)
    if team_ids is not None:
        covering = select(CampaignTeam.campaign_id).where(CampaignTeam.team_id.in_(team_ids))
        query = query.where(Campaign.id.in_(covering))
    return db.scalars(query.order_by(Campaign.created_at.desc(), Campaign.id.desc())).all()


def campaign_team_ids(db: Session, campaign_id: int) -> list[int]:
    query = select(CampaignTeam.team_id).where(CampaignTeam.campaign_id == campaign_id)
    return sorted(db.scalars(query).all())


def set_campaign_teams(db: Session, campaign_id: int, team_ids: Iterable[int]) -> None:
    db.execute(delete(CampaignTeam).where(CampaignTeam.campaign_id == campaign_id))
    db.add_all(CampaignTeam(campaign_id=campaign_id, team_id=team_id) for team_id in set(team_ids))
    db.flush()


def add_campaign_team(db: Session, campaign_id: int, team_id: int) -> None:
    if db.get(CampaignTeam, (campaign_id, team_id)) is None:
        db.add(CampaignTeam(campaign_id=campaign_id, team_id=team_id))
        db.flush()


def session_state_counts(db: Session, campaign_id: int) -> dict[str, int]:
    """Number of participants per session state (``none`` = link not opened yet)."""
    state = func.coalesce(ParticipantSession.state, "none")
    query = (
        select(state, func.count(Participant.id))
        .select_from(Participant)
        .outerjoin(ParticipantSession, ParticipantSession.participant_id == Participant.id)
        .where(Participant.campaign_id == campaign_id)
        .group_by(state)
    )
    return {str(row[0]): int(row[1]) for row in db.execute(query)}
