"""Campaigns and the team tree (JSON twins of the campaign pages)."""

from __future__ import annotations

from fastapi import APIRouter

from app.accounts.hr_auth import CurrentHRAdmin, CurrentHRStaff, CurrentScope
from app.campaigns import manage as campaigns
from app.campaigns.schemas import CampaignCreate, CampaignDetail, CampaignRead, CampaignUpdate
from app.deps import RowId, SessionDep
from app.domain import CampaignState
from app.organisations import teams
from app.organisations.schemas import TeamCreate, TeamRead

router = APIRouter(prefix="/api/v1/hr", tags=["hr"])


@router.get("/teams", response_model=list[TeamRead])
def list_teams(user: CurrentHRStaff, scope: CurrentScope, db: SessionDep) -> list[TeamRead]:
    return teams.list_teams(db, scope)


@router.post("/teams", response_model=TeamRead, status_code=201)
def create_team(
    body: TeamCreate, user: CurrentHRAdmin, scope: CurrentScope, db: SessionDep
) -> TeamRead:
    return teams.create_team(db, user, scope, body)


@router.get("/campaigns", response_model=list[CampaignRead])
def list_campaigns(user: CurrentHRStaff, scope: CurrentScope, db: SessionDep) -> list[CampaignRead]:
    return campaigns.list_campaigns(db, scope)


@router.post("/campaigns", response_model=CampaignDetail, status_code=201)
def create_campaign(
    body: CampaignCreate, user: CurrentHRAdmin, scope: CurrentScope, db: SessionDep
) -> CampaignDetail:
    return campaigns.create_campaign(db, user, scope, body)


@router.get("/campaigns/{campaign_id}", response_model=CampaignDetail)
def get_campaign(
    campaign_id: RowId, user: CurrentHRStaff, scope: CurrentScope, db: SessionDep
) -> CampaignDetail:
    return campaigns.campaign_detail(db, scope, campaign_id)


@router.patch("/campaigns/{campaign_id}", response_model=CampaignDetail)
def update_campaign(
    campaign_id: RowId,
    body: CampaignUpdate,
    user: CurrentHRAdmin,
    scope: CurrentScope,
    db: SessionDep,
) -> CampaignDetail:
    """Edit; the privacy-policy fields answer 409 once the campaign has opened."""
    return campaigns.update_campaign(db, user, scope, campaign_id, body)


@router.post("/campaigns/{campaign_id}/open", response_model=CampaignDetail)
def open_campaign(
    campaign_id: RowId, user: CurrentHRAdmin, scope: CurrentScope, db: SessionDep
) -> CampaignDetail:
    """Open a draft campaign: its privacy policy is locked from now on."""
    return campaigns.change_state(db, user, scope, campaign_id, CampaignState.OPEN)


@router.post("/campaigns/{campaign_id}/close", response_model=CampaignDetail)
def close_campaign(
    campaign_id: RowId, user: CurrentHRAdmin, scope: CurrentScope, db: SessionDep
) -> CampaignDetail:
    """Close an open campaign (links stop working; retention is counted from now)."""
    return campaigns.change_state(db, user, scope, campaign_id, CampaignState.CLOSED)


@router.post("/campaigns/{campaign_id}/archive", response_model=CampaignDetail)
def archive_campaign(
    campaign_id: RowId, user: CurrentHRAdmin, scope: CurrentScope, db: SessionDep
) -> CampaignDetail:
    return campaigns.change_state(db, user, scope, campaign_id, CampaignState.ARCHIVED)
