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
    return teams.list_teams(call.db, call.scope)


@router.post("/teams", response_model=TeamRead, status_code=201)
def create_team(body: TeamCreate, call: HRAdminCall) -> TeamRead:
    return teams.create_team(call.db, call.user, call.scope, body)


@router.get("/campaigns", response_model=list[CampaignRead])
def list_campaigns(call: HRStaffCall) -> list[CampaignRead]:
    return campaigns.list_campaigns(call.db, call.scope)


@router.post("/campaigns", response_model=CampaignDetail, status_code=201)
def create_campaign(body: CampaignCreate, call: HRAdminCall) -> CampaignDetail:
    return campaigns.create_campaign(call.db, call.user, call.scope, body)


@router.get("/campaigns/{campaign_id}", response_model=CampaignDetail)
def get_campaign(campaign_id: RowId, call: HRStaffCall) -> CampaignDetail:
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
    return campaigns.change_state(
        call.db, call.user, call.scope, campaign_id, CampaignState.ARCHIVED
    )
