"""Campaigns and the team tree (JSON twins of the campaign pages)."""

from __future__ import annotations

from fastapi import APIRouter

from app.accounts.hr_auth import HRAdminCall, HRStaffCall
from app.campaigns import manage as campaigns
from app.campaigns.schemas import CampaignCreate, CampaignDetail, CampaignRead, CampaignUpdate
from app.deps import RowId
from app.domain import CampaignState
from app.organisations import teams
from app.organisations.schemas import TeamCreate, TeamRead

router = APIRouter(prefix="/api/v1/hr", tags=["hr"])


@router.get("/teams", response_model=list[TeamRead])
def list_teams(call: HRStaffCall) -> list[TeamRead]:
    """The organisation's teams by name, each with its parent; a manager sees their teams and
    the teams below them."""
    return teams.list_teams(call.db, call.scope)


@router.post("/teams", response_model=TeamRead, status_code=201)
def create_team(body: TeamCreate, call: HRAdminCall) -> TeamRead:
    """Add a team, under ``parent_id`` when given (a team of the same organisation, else
    404); a name already taken: 409. HR admins only."""
    return teams.create_team(call.db, call.user, call.scope, body)


@router.get("/campaigns", response_model=list[CampaignRead])
def list_campaigns(call: HRStaffCall) -> list[CampaignRead]:
    """The organisation's campaigns with their state, dates and privacy policy; a manager sees
    only the campaigns that cover one of their teams."""
    return campaigns.list_campaigns(call.db, call.scope)


@router.post("/campaigns", response_model=CampaignDetail, status_code=201)
def create_campaign(body: CampaignCreate, call: HRAdminCall) -> CampaignDetail:
    """Create a draft campaign: a built-in study and/or the questionnaire, its teams,
    languages, dates and privacy policy (fixed when it opens). HR admins only."""
    return campaigns.create_campaign(call.db, call.user, call.scope, body)


@router.get("/campaigns/{campaign_id}", response_model=CampaignDetail)
def get_campaign(campaign_id: RowId, call: HRStaffCall) -> CampaignDetail:
    """One campaign with its teams and policy. Another organisation's campaign, or (for a
    manager) one that covers none of their teams: 404."""
    return campaigns.campaign_detail(call.db, call.scope, campaign_id)


@router.patch("/campaigns/{campaign_id}", response_model=CampaignDetail)
def update_campaign(campaign_id: RowId, body: CampaignUpdate, call: HRAdminCall) -> CampaignDetail:
    """Edit; the privacy-policy fields answer 409 once the campaign has opened."""
    return campaigns.update_campaign(call.db, call.user, call.scope, campaign_id, body)


@router.post("/campaigns/{campaign_id}/open", response_model=CampaignDetail)
def open_campaign(campaign_id: RowId, call: HRAdminCall) -> CampaignDetail:
    """Open a draft campaign: its privacy policy is locked from now on."""
    return campaigns.change_state(call.db, call.user, call.scope, campaign_id, CampaignState.OPEN)


@router.post("/campaigns/{campaign_id}/close", response_model=CampaignDetail)
def close_campaign(campaign_id: RowId, call: HRAdminCall) -> CampaignDetail:
    """Close an open campaign (links stop working; retention is counted from now)."""
    return campaigns.change_state(call.db, call.user, call.scope, campaign_id, CampaignState.CLOSED)


@router.post("/campaigns/{campaign_id}/archive", response_model=CampaignDetail)
def archive_campaign(campaign_id: RowId, call: HRAdminCall) -> CampaignDetail:
    """Archive a closed campaign: it can no longer be changed (409 from any other state)."""
    return campaigns.change_state(
        call.db, call.user, call.scope, campaign_id, CampaignState.ARCHIVED
    )
