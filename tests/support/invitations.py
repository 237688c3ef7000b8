"""Fresh invitation links for browser tests: one new invitee per link, so tests never run out."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.campaigns import repository as campaign_repo
from app.config import Settings
from app.db.base import utc_now
from app.db.models import Campaign, CampaignTeam, Organisation, Participant
from app.demo.organisation import DEMO_CAMPAIGN, DEMO_ORGANISATION, load_demo
from app.domain import CampaignState, IndividualResults
from app.security import new_pseudonym, new_token, token_hash


def demo_campaign(db: Session) -> Campaign:
    organisation = db.scalars(
        select(Organisation).where(Organisation.name == DEMO_ORGANISATION)
    ).one()
    campaign = campaign_repo.get_campaign_by_name(db, organisation.id, DEMO_CAMPAIGN)
    assert campaign is not None
    return campaign


def invite(db: Session, campaign: Campaign) -> str:
    """A new participant of ``campaign`` (first team) and their token; committed."""
    team_id = db.scalars(
        select(CampaignTeam.team_id).where(CampaignTeam.campaign_id == campaign.id)
    ).first()
    assert team_id is not None
    participant = campaign_repo.add_participant(
        db,
        Participant(
            campaign_id=campaign.id,
            team_id=team_id,
            code=f"browser-{uuid.uuid4().hex[:12]}",
            export_pseudonym=new_pseudonym(),
        ),
    )
    token = new_token()
    campaign_repo.add_invitation(db, participant.id, token_hash(token))
    db.commit()
    return token


def demo_invitation(db: Session, settings: Settings) -> str:
    """A fresh link in the demo campaign (created by ``load_demo`` if needed)."""
    load_demo(db, settings)
    return invite(db, demo_campaign(db))


def named_campaign_invitation(
    db: Session, settings: Settings, name: str, study_id: int | None = None
) -> str:
    """A link in a new open campaign called ``name`` (the demo's teams; its study unless
    ``study_id`` is given)."""
    demo = demo_campaign(db)
    team_ids = list(
        db.scalars(select(CampaignTeam.team_id).where(CampaignTeam.campaign_id == demo.id))
    )
    now = utc_now()
    campaign = Campaign(
        organisation_id=demo.organisation_id,
        name=name,
        study_id=study_id or demo.study_id,
        languages=["fr", "en"],
        state=CampaignState.OPEN,
        opens_at=now,
        policy_locked_at=now,
        individual_results=IndividualResults.PSEUDONYMOUS,
        controller=name,
        dpo_contact="dpo@example.org",
        purpose=name,
        legal_basis="legitimate interest",
        recipients="HR",
    )
    campaign_repo.add_campaign(db, campaign, team_ids)
    db.commit()
    return invite(db, campaign)
