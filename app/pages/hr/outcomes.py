"""Customer outcomes of a campaign (CSV import with preview) and the implicit-beside-explicit
page of a campaign's teams."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.accounts.hr_auth import HRAdminCall, HRStaffCall
from app.aggregates.implicit_explicit import hr_implicit_explicit
from app.deps import RowId
from app.outcomes import manage as outcomes
from app.outcomes.schemas import OutcomeImportPreview
from app.pages.hr.campaigns import campaign_form
from app.pages.hr.csv_import import import_page
from app.pages.hr.rendering import FormFields, UploadedCsv, render_hr
from app.participants.schemas import ImportRequest

router = APIRouter(prefix="/hr/campaigns/{campaign_id}", include_in_schema=False)


@router.post("/outcomes/import", response_class=HTMLResponse)
@campaign_form
def import_csv(
    request: Request, campaign_id: RowId, call: HRAdminCall, form: FormFields, file: UploadedCsv
) -> Response:
    def run(body: ImportRequest) -> OutcomeImportPreview:
        return outcomes.hr_import(call.db, call.user, call.scope, campaign_id, body)

    done = f"/hr/campaigns/{campaign_id}#outcomes"
    return import_page(request, campaign_id, (form, file), run, "hr/outcomes_preview.html", done)


@router.get("/implicit-explicit", response_class=HTMLResponse)
def implicit_explicit_page(request: Request, campaign_id: RowId, call: HRStaffCall) -> HTMLResponse:
    found = hr_implicit_explicit(call.db, call.scope, campaign_id)
    return render_hr(request, "hr/implicit_explicit.html", {"found": found})
