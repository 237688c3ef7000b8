"""Research API: studies and campaigns (``scores:read``), creating them (``campaigns:write``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from app.api.research.common import AUTH_ERRORS, CAMPAIGN_ERRORS, CampaignId, error_response
from app.campaigns import catalogue
from app.campaigns import research_create as campaigns
from app.campaigns.schemas import ResearchCampaignCreate
from app.deps import SessionDep, SettingsDep
from app.exports.research_schemas import (
    CampaignRead,
    InvitationsCreate,
    InvitationsCreated,
    StudyRead,
)
from app.participants.personal_links import OPENED_DETAIL
from app.tokens.research_auth import CampaignsWriter, ScoresReader

router = APIRouter(prefix="/api/v1")
NAME_TAKEN = "a campaign named 'Pilot' already exists"


@router.get("/studies", response_model=list[StudyRead], responses=AUTH_ERRORS, tags=["studies"])
def list_studies(db: SessionDep, caller: ScoresReader) -> list[StudyRead]:
    """Every study version used by the organisation's campaigns, with its full definition
    (categories, stimuli per language, block plan, keys, error mode). Scope `scores:read`."""
    return catalogue.list_studies(db, caller)


@router.get(
    "/studies/{study_id}", response_model=StudyRead, responses=CAMPAIGN_ERRORS, tags=["studies"]
)
def get_study(
    db: SessionDep, caller: ScoresReader, study_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> StudyRead:
    """One study version. Scope `scores:read`."""
    return catalogue.get_study(db, caller, study_id)


@router.get(
    "/campaigns", response_model=list[CampaignRead], responses=AUTH_ERRORS, tags=["campaigns"]
)
def list_campaigns(db: SessionDep, caller: ScoresReader) -> list[CampaignRead]:
    """The organisation's campaigns with their state, instruments, teams and the privacy
    policy that governs what the API returns. Scope `scores:read`."""
    return catalogue.list_campaigns(db, caller)


@router.get(
    "/campaigns/{campaign_id}",
    response_model=CampaignRead,
    responses=CAMPAIGN_ERRORS,
    tags=["campaigns"],
)
def get_campaign(db: SessionDep, caller: ScoresReader, campaign_id: CampaignId) -> CampaignRead:
    """One campaign. Scope `scores:read`."""
    return catalogue.get_campaign(db, caller, campaign_id)


@router.post(
    "/campaigns",
    response_model=CampaignRead,
    status_code=201,
    responses={**AUTH_ERRORS, 409: error_response("Name taken.", "Conflict", NAME_TAKEN)},
    tags=["campaigns"],
)
def post_campaign(
    db: SessionDep, caller: CampaignsWriter, body: ResearchCampaignCreate
) -> CampaignRead:
    """Create a campaign over some of the organisation's teams with a built-in study and/or
    questionnaire, and its privacy policy (shown to employees at consent). `open: true` opens
    it at once and locks the policy. Scope `campaigns:write`."""
    return campaigns.create_campaign(db, caller, body)


@router.post(
    "/campaigns/{campaign_id}/invitations",
    response_model=InvitationsCreated,
    status_code=201,
    responses={
        **CAMPAIGN_ERRORS,
        409: error_response(
            "Campaign closed; or a named person already opened their link (the same answer "
            "whatever they did next).",
            "Conflict",
            OPENED_DETAIL,
        ),
    },
    tags=["campaigns"],
)
def post_invitations(
    db: SessionDep,
    settings: SettingsDep,
    caller: CampaignsWriter,
    campaign_id: CampaignId,
    body: InvitationsCreate,
) -> InvitationsCreated:
    """Mint one personal link per invitee. The links are shown only in this response (only
    their hashes are stored). A new code gets its first link; naming a person whose link is
    not opened yet resends it (a new link; the older ones keep working). Naming a person who
    has opened their link answers 409 "this person has already opened their link" (the same
    answer whether they finished, declined or withdrew), and nothing is written. Minting
    never revokes a link. Scope `campaigns:write`."""
    return campaigns.create_invitations(db, settings, caller, campaign_id, body)
