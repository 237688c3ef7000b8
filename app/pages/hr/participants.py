"""Participant pages of a campaign: CSV import with preview, links, open links, erasure."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.accounts.hr_auth import HRAdminCall
from app.deps import RowId, SettingsDep
from app.errors import InvalidInput
from app.exports.campaign_export import file_style
from app.exports.files import links_export
from app.exports.schemas import ExportFormat
from app.exports.writers import FileStyle
from app.i18n import N_, offered_languages, request_language
from app.pages.hr.campaigns import campaign_form, campaign_page
from app.pages.hr.csv_import import import_page
from app.pages.hr.rendering import FormFields, UploadedCsv
from app.participants import imports, invitations
from app.participants import roster as participants
from app.participants.schemas import ImportPreview, ImportRequest

router = APIRouter(prefix="/hr/campaigns/{campaign_id}", include_in_schema=False)


@router.post("/import", response_class=HTMLResponse)
@campaign_form
def import_csv(
    request: Request, campaign_id: RowId, call: HRAdminCall, form: FormFields, file: UploadedCsv
) -> Response:
    def run(body: ImportRequest) -> ImportPreview:
        return imports.import_participants(call.db, call.user, call.scope, campaign_id, body)

    done = f"/hr/campaigns/{campaign_id}#participants"
    return import_page(request, campaign_id, (form, file), run, "hr/import_preview.html", done)


def _links_style(request: Request, form: dict[str, str]) -> FileStyle:
    """The links file's format (``csv`` as always, ``csv_excel``, ``xlsx``) and title language."""
    try:
        fmt = ExportFormat(form.get("format") or ExportFormat.CSV)
    except ValueError:
        raise InvalidInput(N_("unknown export or format")) from None
    lang = form.get("lang") or request_language(request)
    return file_style(fmt, offered_languages(request), lang)


@router.post("/invitations", response_class=HTMLResponse)
@campaign_form
def mint(
    request: Request, campaign_id: RowId, call: HRAdminCall, settings: SettingsDep, form: FormFields
) -> Response:
    style = _links_style(request, form)
    minted = invitations.mint_invitations(
        call.db, call.user, call.scope, campaign_id, settings.base_url
    )
    if minted.minted == 0:  # a file with no link would hide why: say it on the page
        return campaign_page(request, call, campaign_id, minted_nothing=minted)
    file = links_export(minted.rows, campaign_id, style)
    headers = file.download_headers() | {
        "X-Skipped-Started": str(minted.skipped_started),
        "X-Skipped-Has-Link": str(minted.skipped_has_link),
    }
    return Response(file.content, media_type=file.media_type, headers=headers)


@router.post("/teams/{team_id}/open-link", response_class=HTMLResponse)
@campaign_form
def open_link(
    request: Request, campaign_id: RowId, team_id: RowId, call: HRAdminCall, settings: SettingsDep
) -> Response:
    link = invitations.create_open_link(
        call.db, call.user, call.scope, campaign_id, team_id, settings.base_url
    )
    return campaign_page(request, call, campaign_id, open_link_url=link.url)


@router.post("/participants/{participant_id}/erase", response_class=HTMLResponse)
@campaign_form
def erase(
    request: Request, campaign_id: RowId, participant_id: RowId, call: HRAdminCall
) -> Response:
    participants.erase_participant(call.db, call.user, call.scope, campaign_id, participant_id)
    return RedirectResponse(f"/hr/campaigns/{campaign_id}#participants", 303)
