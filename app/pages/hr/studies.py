"""The study editor (HR admins): list, new or copied from a built-in, edit, picture upload,
preview.

Saving goes through ``app.instruments.editing`` (a used version is never changed: saving
makes the next one). The preview runs the study in the browser with a plan made for the
page and stored nowhere; its page sends nothing back.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from app.accounts.hr_auth import HRAdminCall
from app.accounts.scope import HRScope
from app.campaigns.schemas import StudyChoice
from app.deps import RowId
from app.domain import ActorKind
from app.errors import AppError, FieldProblem, InvalidFields, field_problems
from app.i18n import N_, gettext, offered_languages, request_language
from app.instruments import editing, images
from app.pages.hr.rendering import FormFields, render_hr
from app.pages.hr.study_form import CATEGORIES, ERROR_MODES, form_values, nearest_field
from app.pages.hr.study_form import study_document as form_document
from app.pages.hr.study_preview import preview_page
from iat.catalogue import list_builtin_studies

router = APIRouter(include_in_schema=False)
_GROUPS = {"id", "title", "languages", "keys"}  # errors about a group of fields


def _languages(request: Request, doc: dict[str, Any] | None = None) -> list[str]:
    languages = list(offered_languages(request))
    extra = [lang for lang in (doc or {}).get("languages", []) if lang not in languages]
    return languages + extra


def _newest(stored: list[editing.StoredStudy]) -> list[editing.StoredStudy]:
    latest: dict[str, editing.StoredStudy] = {}
    for version in stored:  # oldest first: the last one of a key is its newest
        latest[version.study.study_key] = version
    return list(latest.values())


def _title(definition: dict[str, Any], lang: str) -> str:
    titles: dict[str, str] = definition["title"]
    return titles.get(lang) or next(iter(titles.values()))


def own_study_choices(db: Session, scope: HRScope, lang: str) -> list[StudyChoice]:
    """The organisation's studies a new campaign can run (each at its newest version)."""
    label = gettext(lang, N_("{title} (our study, version {number})"))
    return [
        StudyChoice(
            id=s.study.definition["id"],
            title=label.format(
                title=_title(s.study.definition, lang), number=s.study.version_number
            ),
        )
        for s in _newest(editing.list_studies(db, scope))
    ]


def _list_context(db: Session, scope: HRScope, lang: str) -> dict[str, Any]:
    templates = [(s.id, _title(s.model_dump(), lang)) for s in list_builtin_studies()]
    return {"studies": _newest(editing.list_studies(db, scope)), "templates": templates}


@router.get("/hr/studies", response_class=HTMLResponse)
def studies_page(request: Request, call: HRAdminCall) -> HTMLResponse:
    context = _list_context(call.db, call.scope, request_language(request))
    return render_hr(request, "hr/studies.html", context)


def _editor(
    request: Request, values: dict[str, str], languages: list[str], **extra: Any
) -> HTMLResponse:
    status = extra.pop("status", 200)
    context = {
        "v": values,
        "languages": languages,
        "categories": CATEGORIES,
        "error_modes": ERROR_MODES,
        **extra,
    }
    return render_hr(request, "hr/study_form.html", context, status)


@router.get("/hr/studies/new", response_class=HTMLResponse)
def new_page(request: Request, call: HRAdminCall, template: str = "default") -> HTMLResponse:
    doc = editing.template(template[:100])
    languages = _languages(request, doc)
    return _editor(request, form_values(doc, languages), languages)


@router.get("/hr/studies/images", response_class=HTMLResponse)
def images_page(request: Request, call: HRAdminCall) -> HTMLResponse:
    return render_hr(request, "hr/study_image.html", {})


@router.post("/hr/studies/images", response_class=HTMLResponse)
async def upload_image(request: Request, call: HRAdminCall, picture: UploadFile) -> HTMLResponse:
    data = await picture.read(images.MAX_IMAGE_BYTES + 1)
    try:
        if not data:
            raise InvalidFields(FieldProblem("picture", N_("choose a picture to upload")))
        organisation_id = call.scope.require_organisation()
        stored = await run_in_threadpool(images.store_image, call.db, organisation_id, data)
    except AppError as exc:
        return render_hr(request, "hr/study_image.html", {"failure": exc}, exc.status_code)
    return render_hr(request, "hr/study_image.html", {"stored": stored}, 201)


@router.get("/hr/studies/{study_id}", response_class=HTMLResponse)
def edit_page(request: Request, call: HRAdminCall, study_id: RowId) -> HTMLResponse:
    stored = editing.get_study(call.db, call.scope, study_id)
    doc = stored.study.definition
    languages = _languages(request, doc)
    saved = request.query_params.get("saved") == "1"
    key = stored.study.study_key
    versions = [v for v in editing.list_studies(call.db, call.scope) if v.study.study_key == key]
    extra = {"stored": stored, "saved": saved, "versions": versions}
    return _editor(request, form_values(doc, languages), languages, **extra)


def _field_errors(request: Request, exc: AppError, fields: set[str]) -> dict[str, str]:
    lang = request_language(request)
    found: dict[str, list[str]] = {}
    for problem in field_problems(exc):
        found.setdefault(nearest_field(problem.field, fields), []).append(problem.text_in(lang))
    return {field: "; ".join(messages) for field, messages in found.items()}


@router.post("/hr/studies", response_class=HTMLResponse)
def save(request: Request, call: HRAdminCall, form: FormFields) -> Response:
    ticked = [name.removeprefix("languages.") for name in form if name.startswith("languages.")]
    languages = _languages(request, {"languages": ticked})  # a study's languages beyond ours
    try:
        document = form_document(form, languages)
        author = editing.Author(ActorKind.HR_USER, str(call.user.id))
        stored = editing.save_study(call.db, call.scope, author, document)
    except AppError as exc:
        errors = _field_errors(request, exc, set(form_values({}, languages)) | _GROUPS)
        extra = {"field_errors": errors, "failure": exc, "status": exc.status_code}
        return _editor(request, form, languages, **extra)
    return RedirectResponse(f"/hr/studies/{stored.study.id}?saved=1", 303)


@router.get("/hr/studies/{study_id}/preview", response_class=HTMLResponse)
def preview(
    request: Request, call: HRAdminCall, study_id: RowId, modality: str = "keyboard"
) -> HTMLResponse:
    stored = editing.get_study(call.db, call.scope, study_id)
    return preview_page(request, stored.study.definition, modality)
