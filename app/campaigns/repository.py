"""Queries on campaigns, participants and invitations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from app.db.models import Campaign, CampaignTeam, Invitation, Participant, ParticipantSession


def get_campaign_by_name(db: Session, organisation_id: int, name: str) -> Campaign | None:
    query = select(Campaign).where(
        Campaign.organisation_id == organisation_id, Campaign.name == name
    )
    return db.scalars(query).one_or_none()


def add_campaign(db: Session, campaign: Campaign, team_ids: list[int]) -> Campaign:
    db.add(campaign)
    db.flush()
    db.add_all(CampaignTeam(campaign_id=campaign.id, team_id=team_id) for team_id in team_ids)
    db.flush()
    return campaign


def get_participant_by_code(db: Session, campaign_id: int, code: str) -> Participant | None:
    query = select(Participant).where(
        Participant.campaign_id == campaign_id, Participant.code == code
    )
    return db.scalars(query).one_or_none()


def add_participant(db: Session, participant: Participant) -> Participant:
    db.add(participant)
    db.flush()
    return participant


def has_session(db: Session, participant_id: int) -> bool:
    query = select(ParticipantSession.id).where(ParticipantSession.participant_id == participant_id)
    return db.scalars(query).first() is not None


def revoke_invitations(db: Session, participant_id: int, now: datetime) -> None:
    db.execute(
        update(Invitation)
        .where(Invitation.participant_id == participant_id, Invitation.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def add_invitation(db: Session, participant_id: int, token_hash: str) -> Invitation:
    invitation = Invitation(participant_id=participant_id, token_hash=token_hash)
    db.add(invitation)
    db.flush()
    return invitation


def opened_participant_ids(db: Session, campaign_id: int) -> set[int]:
    """Participants of ``campaign_id`` who opened a link (they have a session) or withdrew."""
    query = (
        select(Participant.id)
        .outerjoin(ParticipantSession, ParticipantSession.participant_id == Participant.id)
        .where(
            Participant.campaign_id == campaign_id,
            or_(ParticipantSession.id.is_not(None), Participant.withdrawn_at.is_not(None)),
        )
    )
    return set(db.scalars(query))


def participant_ids_with_live_link(db: Session, campaign_id: int) -> set[int]:
    """Participants of ``campaign_id`` holding at least one link that is not revoked."""
    query = (
        select(Invitation.participant_id)
        .join(Participant, Participant.id == Invitation.participant_id)
        .where(Participant.campaign_id == campaign_id, Invitation.revoked_at.is_(None))
    )
    return set(db.scalars(query))
