"""Participants of a campaign: roster, CSV import, invitation links, open links, erasure."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from app.deps import RowId, SessionDep, SettingsDep
from app.hr_auth import CurrentHRAdmin, CurrentScope
from app.schemas.hr import (
    ErasureRead,
    ImportPreview,
    ImportRequest,
    MintRequest,
    OpenLinkRead,
    ParticipantRead,
)
from app.services.hr import imports, invitations, participants

router = APIRouter(prefix="/api/v1/hr/campaigns/{campaign_id}", tags=["hr"])


@router.get("/participants", response_model=list[ParticipantRead])
def list_participants(
    campaign_id: RowId, user: CurrentHRAdmin, scope: CurrentScope, db: SessionDep
) -> list[ParticipantRead]:
    return participants.list_participants(db, scope, campaign_id)


@router.post("/participants/import", response_model=ImportPreview)
def import_participants(
    campaign_id: RowId,
    body: ImportRequest,
    user: CurrentHRAdmin,
    scope: CurrentScope,
    db: SessionDep,
) -> ImportPreview:
    """Preview a CSV (``confirm=false``) or write it (``confirm=true``, only without errors)."""
    return imports.import_participants(db, user, scope, campaign_id, body)


@router.post(
    "/invitations",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, 409: {"description": "Confirm revoking."}},
)
def mint_invitations(
    campaign_id: RowId,
    body: MintRequest,
    user: CurrentHRAdmin,
    scope: CurrentScope,
    db: SessionDep,
    settings: SettingsDep,
) -> Response:
    """A CSV of fresh personal links; 409 unless ``revoke_existing`` when links exist."""
    text = invitations.mint_invitations(
        db, user, scope, campaign_id, body.revoke_existing, settings.base_url
    )
    return csv_download(text, f"invitations-campaign-{campaign_id}.csv")


def csv_download(text: str, filename: str) -> Response:
    headers = {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
    }
    return Response("\ufeff" + text, media_type="text/csv; charset=utf-8", headers=headers)


@router.post("/teams/{team_id}/open-link", response_model=OpenLinkRead, status_code=201)
def create_open_link(
    campaign_id: RowId,
    team_id: RowId,
    user: CurrentHRAdmin,
    scope: CurrentScope,
    db: SessionDep,
    settings: SettingsDep,
) -> OpenLinkRead:
    return invitations.create_open_link(db, user, scope, campaign_id, team_id, settings.base_url)


@router.post("/participants/{participant_id}/erase", response_model=ErasureRead)
def erase_participant(
    campaign_id: RowId,
    participant_id: RowId,
    user: CurrentHRAdmin,
    scope: CurrentScope,
    db: SessionDep,
) -> ErasureRead:
    """Withdraw and erase one participant on request (audited)."""
    return participants.erase_participant(db, user, scope, campaign_id, participant_id)
