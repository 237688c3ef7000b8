"""Campaign exports (CSV, CSV for Excel, XLSX) and their codebooks. Every export is written to
the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse

from app.accounts.hr_auth import HRStaffCall
from app.deps import RowId, SettingsDep
from app.exports.campaign_export import export_campaign, export_codebook, file_style
from app.exports.files import ExportFile
from app.exports.schemas import ExportCreate, ExportFormat, ExportKind
from app.exports.writers import guide_url
from app.i18n import offered_languages, request_language

router = APIRouter(prefix="/api/v1/hr", tags=["hr"])


def file_response(file: ExportFile) -> Response:
    if file.chunks is not None:  # the trial rows: sent while the database writes them
        return StreamingResponse(
            file.chunks, media_type=file.media_type, headers=file.download_headers()
        )
    return Response(file.content, media_type=file.media_type, headers=file.download_headers())


@router.post("/campaigns/{campaign_id}/exports", response_class=Response)
def create_export(
    request: Request,
    campaign_id: RowId,
    body: ExportCreate,
    call: HRStaffCall,
    settings: SettingsDep,
) -> Response:
    """Download an export (``individual`` and ``trials``: HR admins, per the campaign policy;
    ``team``: HR admins and managers, suppressed). ``format``: ``csv`` (machine headers),
    ``csv_excel`` (UTF-8 with BOM, ``;``, decimal comma, headers in ``lang``) or ``xlsx``
    (headers in ``lang``, codebook sheet); ``lang`` defaults to the request's language. Needs
    the ``X-CSRF-Token`` header."""
    export = export_campaign(
        call.db,
        call.scope,
        campaign_id,
        body.kind,
        body.format,
        offered_languages(request),
        body.lang or request_language(request),
        guide_url(settings.base_url),
    )
    return file_response(export)


@router.get("/campaigns/{campaign_id}/exports/{kind}/codebook.csv", response_class=Response)
def codebook(
    request: Request,
    campaign_id: RowId,
    kind: ExportKind,
    call: HRStaffCall,
    settings: SettingsDep,
    dialect: Annotated[ExportFormat, Query(alias="format", description="csv or csv_excel")] = (
        ExportFormat.CSV
    ),
) -> Response:
    """What every column of an export means: its machine name, then one description and one
    title column per offered language, and a last row with the reading guide's address."""
    style = file_style(
        ExportFormat.CSV_EXCEL if dialect is ExportFormat.CSV_EXCEL else ExportFormat.CSV,
        offered_languages(request),
        request_language(request),
        guide_url(settings.base_url),
    )
    return file_response(export_codebook(call.db, call.scope, campaign_id, kind, style))
