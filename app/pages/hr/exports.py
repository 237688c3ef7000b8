"""The exports page: what can be downloaded for a campaign, and the downloads (POST + CSRF)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, StreamingResponse
from sqlalchemy.orm import Session

from app.accounts.hr_auth import CurrentHRStaff, CurrentScope
from app.accounts.scope import HRScope
from app.deps import RowId, SessionDep, SettingsDep
from app.errors import AppError, InvalidInput
from app.exports.campaign_export import export_campaign, export_options
from app.exports.schemas import ExportFormat, ExportKind
from app.exports.writers import GUIDE_PATH, guide_url
from app.i18n import N_, language_name, offered_languages, request_language
from app.pages.hr.rendering import FormFields, render_hr

router = APIRouter(include_in_schema=False)


def _page(
    request: Request, db: Session, scope: HRScope, campaign_id: int, failure: AppError | None = None
) -> HTMLResponse:
    context = {
        "campaign_id": campaign_id,
        "options": export_options(db, scope, campaign_id),
        "failure": failure,
        "file_languages": [(code, language_name(code)) for code in offered_languages(request)],
        "guide_path": GUIDE_PATH,
    }
    return render_hr(
        request, "hr/exports.html", context, 200 if failure is None else failure.status_code
    )


@router.get("/hr/campaigns/{campaign_id}/exports", response_class=HTMLResponse)
def exports_page(
    request: Request, campaign_id: RowId, user: CurrentHRStaff, scope: CurrentScope, db: SessionDep
) -> HTMLResponse:
    return _page(request, db, scope, campaign_id)


@router.post("/hr/campaigns/{campaign_id}/exports")
def download(
    request: Request,
    campaign_id: RowId,
    user: CurrentHRStaff,
    scope: CurrentScope,
    db: SessionDep,
    settings: SettingsDep,
    form: FormFields,
) -> Response:
    try:
        kind, fmt = ExportKind(form.get("kind", "")), ExportFormat(form.get("format", "csv"))
    except ValueError:
        return _page(request, db, scope, campaign_id, InvalidInput(N_("unknown export or format")))
    languages = offered_languages(request)
    lang = form.get("lang") or request_language(request)
    try:
        file = export_campaign(
            db, scope, campaign_id, kind, fmt, languages, lang, guide_url(settings.base_url)
        )
    except AppError as exc:
        return _page(request, db, scope, campaign_id, exc)
    headers = file.download_headers()
    if file.chunks is not None:  # the trial rows: sent while the database writes them
        return StreamingResponse(file.chunks, media_type=file.media_type, headers=headers)
    return Response(file.content, media_type=file.media_type, headers=headers)
