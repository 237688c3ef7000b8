"""Campaign exports (CSV/XLSX) and their codebooks. Every export is written to the audit log."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from app.accounts.hr_auth import HRStaffCall
from app.deps import RowId
from app.exports.campaign_export import ExportFile, export_campaign, export_codebook
from app.exports.schemas import ExportCreate, ExportKind
from app.i18n import offered_languages

router = APIRouter(prefix="/api/v1/hr", tags=["hr"])


def file_response(file: ExportFile) -> Response:
    return Response(file.content, media_type=file.media_type, headers=file.download_headers())


@router.post("/campaigns/{campaign_id}/exports", response_class=Response)
def create_export(
    request: Request, campaign_id: RowId, body: ExportCreate, call: HRStaffCall
) -> Response:
    """Download an export (``individual`` and ``trials``: HR admins, per the campaign policy;
    ``team``: HR admins and managers, suppressed). Needs the ``X-CSRF-Token`` header."""
    languages = offered_languages(request)
    export = export_campaign(call.db, call.scope, campaign_id, body.kind, body.format, languages)
    return file_response(export)


@router.get("/campaigns/{campaign_id}/exports/{kind}/codebook.csv", response_class=Response)
def codebook(request: Request, campaign_id: RowId, kind: ExportKind, call: HRStaffCall) -> Response:
    """What every column of an export means, one description column per offered language."""
    languages = offered_languages(request)
    return file_response(export_codebook(call.db, call.scope, campaign_id, kind, languages))
