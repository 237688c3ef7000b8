"""The exports page: what can be downloaded for a campaign, and the downloads (POST + CSRF)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from app.accounts.hr_auth import CurrentHRStaff, CurrentScope
from app.accounts.scope import HRScope
from app.deps import RowId, SessionDep
from app.errors import AppError, InvalidInput
from app.exports.campaign_export import export_campaign, export_options
from app.exports.schemas import ExportFormat, ExportKind
from app.i18n import Language, request_language
from app.pages.hr.rendering import FormFields, render_hr

router = APIRouter(include_in_schema=False)

_TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Exports", "Exports"),
    "back": ("Retour au tableau de bord", "Back to the dashboard"),
    "audited": (
        "Chaque export est inscrit au journal d'audit (qui, quand, quoi, combien de lignes).",
        "Every export is written to the audit log (who, when, what, how many rows).",
    ),
    "kind_individual": ("Scores individuels", "Individual scores"),
    "kind_team": (
        "Synthèse par équipe (masquage des petits groupes)",
        "Team summary (small groups withheld)",
    ),
    "kind_trials": ("Essais (format long, chercheurs)", "Trials (long format, researchers)"),
    "hint_individual": (
        "Selon la politique de la campagne : pseudonyme d'export et équipe, ou identité si la "
        "politique est nominative. Drapeaux de qualité et provenance du calcul inclus.",
        "Per the campaign's policy: export pseudonym and team, or identity when the policy is "
        "named. Quality flags and scoring provenance included.",
    ),
    "hint_team": (
        "Les mêmes chiffres que le tableau de bord.",
        "The same figures as the dashboard.",
    ),
    "hint_trials": ("Une ligne par essai, CSV seulement.", "One row per trial, CSV only."),
    "download": ("Télécharger", "Download"),
    "codebook": ("Dictionnaire des colonnes (CSV)", "Codebook (CSV)"),
    "format": ("Format", "Format"),
}


def _texts(lang: Language) -> dict[str, str]:
    index = 0 if lang is Language.FR else 1
    return {key: pair[index] for key, pair in _TEXTS.items()}


def _page(
    request: Request, db: Session, scope: HRScope, campaign_id: int, failure: AppError | None = None
) -> HTMLResponse:
    context = {
        "campaign_id": campaign_id,
        "options": export_options(db, scope, campaign_id),
        "x": _texts(request_language(request)),
        "failure": failure,
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
    form: FormFields,
) -> Response:
    try:
        kind, fmt = ExportKind(form.get("kind", "")), ExportFormat(form.get("format", "csv"))
    except ValueError:
        return _page(request, db, scope, campaign_id, InvalidInput("unknown export or format"))
    try:
        file = export_campaign(db, scope, campaign_id, kind, fmt)
    except AppError as exc:
        return _page(request, db, scope, campaign_id, exc)
    return Response(file.content, media_type=file.media_type, headers=file.download_headers())
