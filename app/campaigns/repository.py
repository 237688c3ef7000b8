"""Queries on campaigns (and the participants and invitations they create).

Every read of a campaign starts from ``readable_campaigns(scope)``: the one statement of which
campaigns a caller may see (HR admin, manager, research token; see ``app.scope``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Select, delete, false, func, or_, select
from sqlalchemy.orm import Session

from app.db.models import Campaign, CampaignTeam, Invitation, Participant, ParticipantSession
from app.db.revocation import revoke
from app.scope import Scope


def readable_campaigns(scope: Scope) -> Select[Campaign]:
    """Campaigns of the scope's organisation; for a manager, those covering one of their
    teams; none for a caller without an organisation (a 404 upstream, never a 403)."""
    if scope.organisation_id is None:
        return select(Campaign).where(false())
    query = select(Campaign).where(Campaign.organisation_id == scope.organisation_id)
    if scope.team_ids is not None:
        covering = select(CampaignTeam.campaign_id).where(CampaignTeam.team_id.in_(scope.team_ids))
        query = query.where(Campaign.id.in_(covering))
    return query


def get_campaign(db: Session, scope: Scope, campaign_id: int) -> Campaign | None:
    """The campaign if ``scope`` may read it, else None."""
    return db.scalars(readable_campaigns(scope).where(Campaign.id == campaign_id)).one_or_none()


def list_campaigns(db: Session, scope: Scope, newest_first: bool = True) -> Sequence[Campaign]:
    """The campaigns ``scope`` may read, newest (or oldest) first."""
    newest = (Campaign.created_at.desc(), Campaign.id.desc())
    order = newest if newest_first else (Campaign.id.asc(),)
    return db.scalars(readable_campaigns(scope).order_by(*order)).all()


def campaign_team_ids(db: Session, campaign_ids: Sequence[int]) -> dict[int, list[int]]:
    """The teams each campaign covers, by id."""
    query = select(CampaignTeam.campaign_id, CampaignTeam.team_id).where(
        CampaignTeam.campaign_id.in_(campaign_ids)
    )
    found: dict[int, list[int]] = {campaign_id: [] for campaign_id in campaign_ids}
    for campaign_id, team_id in db.execute(query.order_by(CampaignTeam.team_id)):
        found[campaign_id].append(team_id)
    return found


def organisation_of(db: Session, campaign_id: int) -> int | None:
    """The campaign's organisation, for the server's operator only (``iat export``), who
    reaches every organisation and is no ``Scope``."""
    return db.scalar(select(Campaign.organisation_id).where(Campaign.id == campaign_id))


def team_ids_of(db: Session, campaign_id: int) -> list[int]:
    return campaign_team_ids(db, [campaign_id])[campaign_id]


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
    revoke(db, Invitation, now, Invitation.participant_id == participant_id)


def count_live_links(db: Session, participant_id: int) -> int:
    """How many of the participant's links still work (not revoked)."""
    query = select(func.count()).where(
        Invitation.participant_id == participant_id, Invitation.revoked_at.is_(None)
    )
    return int(db.scalar(query) or 0)


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
