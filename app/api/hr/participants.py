"""Participants of a campaign: roster, CSV import, invitation links, open links, erasure."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from app.accounts.hr_auth import HRAdminCall
from app.deps import RowId, SettingsDep
from app.participants import imports, invitations
from app.participants import roster as participants
from app.participants.invitations import MintedLinks
from app.participants.schemas import (
    ErasureRead,
    ImportPreview,
    ImportRequest,
    MintRequest,
    OpenLinkRead,
    ParticipantRead,
)

router = APIRouter(prefix="/api/v1/hr/campaigns/{campaign_id}", tags=["hr"])


@router.get("/participants", response_model=list[ParticipantRead])
def list_participants(campaign_id: RowId, call: HRAdminCall) -> list[ParticipantRead]:
    return participants.list_participants(call.db, call.scope, campaign_id)


@router.post("/participants/import", response_model=ImportPreview)
def import_participants(
    campaign_id: RowId, body: ImportRequest, call: HRAdminCall
) -> ImportPreview:
    """Preview a CSV (``confirm=false``) or write it (``confirm=true``, only without errors).

    Columns ``code,team[,full_name][,email][,language]`` (comma, semicolon or tab). Send the
    file as text in ``csv``, or its bytes in base64 in ``csv_base64`` (e.g. a file French
    Excel saved in Windows-1252): the encoding is detected and answered in ``encoding``.
    ``language``, when given, must be one of the campaign's languages (a line error)."""
    return imports.import_participants(call.db, call.user, call.scope, campaign_id, body)


@router.post(
    "/invitations",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, 409: {"description": "Campaign closed."}},
)
def mint_invitations(
    campaign_id: RowId, body: MintRequest, call: HRAdminCall, settings: SettingsDep
) -> Response:
    """A CSV of new personal links for the people who have none yet. Nobody's link is revoked;
    people who opened their link, or hold one not opened yet, get none: their numbers are in
    the ``X-Skipped-Started`` and ``X-Skipped-Has-Link`` headers."""
    minted = invitations.mint_invitations(
        call.db, call.user, call.scope, campaign_id, settings.base_url
    )
    return links_download(minted, campaign_id)


def links_download(minted: MintedLinks, campaign_id: int) -> Response:
    """The CSV of ``minted`` as a download, with the counts of people who got no link."""
    headers = {
        "Content-Disposition": f'attachment; filename="invitations-campaign-{campaign_id}.csv"',
        "Cache-Control": "no-store",
        "X-Links-Minted": str(minted.minted),
        "X-Skipped-Started": str(minted.skipped_started),
        "X-Skipped-Has-Link": str(minted.skipped_has_link),
    }
    body = "\ufeff" + minted.csv_text
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)


@router.post("/teams/{team_id}/open-link", response_model=OpenLinkRead, status_code=201)
def create_open_link(
    campaign_id: RowId, team_id: RowId, call: HRAdminCall, settings: SettingsDep
) -> OpenLinkRead:
    return invitations.create_open_link(
        call.db, call.user, call.scope, campaign_id, team_id, settings.base_url
    )


@router.post("/participants/{participant_id}/erase", response_model=ErasureRead)
def erase_participant(campaign_id: RowId, participant_id: RowId, call: HRAdminCall) -> ErasureRead:
    """Withdraw and erase one participant on request (audited)."""
    return participants.erase_participant(
        call.db, call.user, call.scope, campaign_id, participant_id
    )
