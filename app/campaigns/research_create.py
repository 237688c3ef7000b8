"""Create campaigns and invitation links with a ``campaigns:write`` token."""

from __future__ import annotations

import secrets

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.campaigns import repository as campaign_repo
from app.campaigns.catalogue import campaign_of, campaign_read
from app.campaigns.schemas import ResearchCampaignCreate
from app.campaigns.texts import stored
from app.config import Settings
from app.db.base import utc_now
from app.db.models import Campaign, Participant
from app.domain import CampaignState
from app.errors import Conflict, InvalidInput
from app.exports.research_schemas import (
    CampaignRead,
    InvitationCreated,
    InvitationsCreate,
    InviteeCreate,
)
from app.exports.research_schemas import InvitationsCreated as InvitationsCreatedRead
from app.instruments.builtin import check_study_languages, stored_instruments
from app.organisations import teams_repository as hr_teams
from app.participants import personal_links
from app.participants.personal_links import CampaignLinks
from app.security import new_pseudonym
from app.tokens.access import ResearchCaller

CLOSED = (CampaignState.CLOSED, CampaignState.ARCHIVED)


def _check_teams(db: Session, caller: ResearchCaller, team_ids: list[int]) -> list[int]:
    unknown = set(team_ids) - hr_teams.readable_team_ids(db, caller, team_ids)
    if unknown:
        raise InvalidInput(f"team_ids: no team {sorted(unknown)[0]} in this organisation")
    return sorted(set(team_ids))


def _new_campaign(db: Session, caller: ResearchCaller, body: ResearchCampaignCreate) -> Campaign:
    instruments = stored_instruments(db, body.study, body.questionnaire, caller.organisation_id)
    check_study_languages(db, instruments.study_id, list(body.languages))
    now = utc_now()
    policy = body.model_dump(exclude={"study", "questionnaire", "team_ids", "open", "texts"})
    return Campaign(
        organisation_id=caller.organisation_id,
        study_id=instruments.study_id,
        questionnaire_bank_id=instruments.questionnaire_bank_id,
        state=CampaignState.OPEN if body.open else CampaignState.DRAFT,
        opens_at=now if body.open else None,
        policy_locked_at=now if body.open else None,
        texts=stored(body.texts),
        **policy,
    )


def create_campaign(
    db: Session, caller: ResearchCaller, body: ResearchCampaignCreate
) -> CampaignRead:
    """A new campaign of the caller's organisation (names are unique per organisation)."""
    team_ids = _check_teams(db, caller, body.team_ids)
    if campaign_repo.get_campaign_by_name(db, caller.organisation_id, body.name):
        raise Conflict(f"a campaign named {body.name!r} already exists")
    if body.closes_at is not None and body.closes_at <= utc_now():
        raise InvalidInput("closes_at: must be in the future")
    campaign = campaign_repo.add_campaign(db, _new_campaign(db, caller, body), team_ids)
    db.commit()
    return campaign_read(campaign, team_ids)


def _participant(db: Session, campaign_id: int, invitee: InviteeCreate) -> Participant:
    code = invitee.code or f"r-{secrets.token_hex(5)}"
    found = campaign_repo.get_participant_by_code(db, campaign_id, code)
    if found is not None:
        if found.team_id != invitee.team_id:
            raise Conflict(f"code {code!r} already belongs to team {found.team_id}")
        return found
    return campaign_repo.add_participant(
        db,
        Participant(
            campaign_id=campaign_id,
            team_id=invitee.team_id,
            code=code,
            export_pseudonym=new_pseudonym(),
        ),
    )


def _invite(
    db: Session, settings: Settings, campaign_id: int, invitee: InviteeCreate,
    links: CampaignLinks, where: str,
) -> InvitationCreated:  # fmt: skip
    participant = _participant(db, campaign_id, invitee)
    personal_links.refuse_if_opened(links.status(participant.id), where)
    token = personal_links.mint_link(db, participant.id)
    url = personal_links.participant_url(settings.base_url, token)
    return InvitationCreated(
        code=participant.code, team_id=participant.team_id, token=token, url=url
    )


def create_invitations(
    db: Session, settings: Settings, caller: ResearchCaller, campaign_id: int,
    body: InvitationsCreate,
) -> InvitationsCreatedRead:  # fmt: skip
    """One new personal link per invitee, shown once: a first link for a new code, a resent one
    for a person whose link is not opened yet (their older links keep working). All or
    nothing: a code whose person opened their link is refused (Conflict), nothing written."""
    campaign = campaign_of(db, caller, campaign_id)
    if campaign.state in CLOSED:
        raise Conflict(f"campaign {campaign_id} is {campaign.state}")
    codes = [i.code for i in body.invitees if i.code is not None]
    if len(codes) != len(set(codes)):
        raise InvalidInput("invitees: a code appears twice")
    allowed = set(campaign_repo.team_ids_of(db, campaign_id))
    outside = sorted({i.team_id for i in body.invitees} - allowed)
    if outside:
        raise InvalidInput(f"invitees: team {outside[0]} is not in campaign {campaign_id}")
    links = personal_links.campaign_links(db, campaign_id)
    many = len(body.invitees) > 1
    try:
        created = [
            _invite(db, settings, campaign_id, invitee, links, _where(i, invitee) if many else "")
            for i, invitee in enumerate(body.invitees)
        ]
        db.commit()
    except Conflict:
        db.rollback()
        raise
    except IntegrityError as exc:
        db.rollback()
        raise Conflict("the same code was given twice, or concurrently; retry") from exc
    return InvitationsCreatedRead(campaign_id=campaign_id, invitations=created)


def _where(index: int, invitee: InviteeCreate) -> str:
    return f"invitees[{index}] (code {invitee.code!r}): " if invitee.code else ""
