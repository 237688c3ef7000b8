"""Participants of a campaign: roster, CSV import, invitation links, open links, erasure."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app.accounts.hr_auth import HRAdminCall
from app.deps import RowId, SettingsDep
from app.exports.campaign_export import file_style
from app.exports.files import links_export
from app.exports.writers import FileStyle
from app.i18n import offered_languages, request_language
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
    RosterQuery,
)

router = APIRouter(prefix="/api/v1/hr/campaigns/{campaign_id}", tags=["hr"])


@router.get(
    "/participants",
    response_model=list[ParticipantRead],
    responses={200: {"headers": {"X-Total-Count": {"description": "people matching"}}}},
)
def list_participants(
    campaign_id: RowId,
    call: HRAdminCall,
    query: Annotated[RosterQuery, Query()],
    response: Response,
) -> list[ParticipantRead]:
    """The roster, ordered by code: search ``q`` (code, name, e-mail), filters, and a page
    (``limit``, ``offset``); ``X-Total-Count`` is the number of people matching. Status is
    finished / not finished only (declined and withdrawn read "not finished")."""
    page = participants.list_participants(call.db, call.scope, campaign_id, query)
    response.headers["X-Total-Count"] = str(page.total)
    return page.items


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
    request: Request,
    campaign_id: RowId,
    body: MintRequest,
    call: HRAdminCall,
    settings: SettingsDep,
) -> Response:
    """A file of new personal links for the people who have none yet (``format``: ``csv``, the
    default, ``csv_excel`` or ``xlsx``; ``lang``: its column titles). Nobody's link is revoked;
    people who opened their link, or hold one not opened yet, get none: their numbers are in
    the ``X-Skipped-Started`` and ``X-Skipped-Has-Link`` headers."""
    languages = offered_languages(request)
    style = file_style(body.format, languages, body.lang or request_language(request))
    minted = invitations.mint_invitations(
        call.db, call.user, call.scope, campaign_id, settings.base_url
    )
    return links_download(minted, campaign_id, style)


def links_download(minted: MintedLinks, campaign_id: int, style: FileStyle) -> Response:
    """``minted`` as a download in ``style``, with the counts of people who got no link."""
    file = links_export(minted.rows, campaign_id, style)
    headers = file.download_headers() | {
        "X-Links-Minted": str(minted.minted),
        "X-Skipped-Started": str(minted.skipped_started),
        "X-Skipped-Has-Link": str(minted.skipped_has_link),
    }
    return Response(file.content, media_type=file.media_type, headers=headers)


@router.post("/teams/{team_id}/open-link", response_model=OpenLinkRead, status_code=201)
def create_open_link(
    campaign_id: RowId, team_id: RowId, call: HRAdminCall, settings: SettingsDep
) -> OpenLinkRead:
    """A new open link for a team (adding the team to the campaign), shown once; the team's
    previous open link stops working. Each browser that opens it becomes a new pseudonymous
    participant. A closed or archived campaign: 409. HR admins only."""
    return invitations.create_open_link(
        call.db, call.user, call.scope, campaign_id, team_id, settings.base_url
    )


@router.post("/participants/{participant_id}/erase", response_model=ErasureRead)
def erase_participant(campaign_id: RowId, participant_id: RowId, call: HRAdminCall) -> ErasureRead:
    """Withdraw and erase one participant on request (audited)."""
    return participants.erase_participant(
        call.db, call.user, call.scope, campaign_id, participant_id
    )
