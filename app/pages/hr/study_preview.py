"""A study's preview: the participant's task with a plan made for this page only.

Nothing is stored: no session, no seed, no trial. The page runs the blocks with the
participant's engine (the same display, timing and picture preloading) and sends nothing;
it ends on a screen saying so.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from app.errors import InvalidInput
from app.i18n import N_, request_language
from app.pages.hr.rendering import render_hr
from app.pages.participant_texts import participant_texts
from iat import InputMode, generate_session_plan, new_seed, parse_study
from iat.errors import SessionPlanError


def preview_plan(definition: dict[str, Any], language: str, modality: str) -> dict[str, Any]:
    """A fresh plan of the study (random seed) in ``language``, as the browser receives it."""
    study = parse_study(definition)
    shown = language if language in study.languages else study.languages[0]
    mode = InputMode.TOUCH if modality == "touch" else InputMode.KEYBOARD
    try:
        plan = generate_session_plan(study, None, new_seed(), shown, input_mode=mode)
    except SessionPlanError as exc:
        raise InvalidInput(
            N_("this study cannot be previewed: {problem}"), problem=str(exc)
        ) from exc
    return plan.model_dump(mode="json")


def _timing_allowed(request: Request) -> bool:
    """The timing hook, as on the participant's page: demo and test modes, ``?timing=1``."""
    demo_like: bool = request.app.state.settings.is_demo_like
    return demo_like and request.query_params.get("timing") == "1"


def preview_page(request: Request, definition: dict[str, Any], modality: str) -> HTMLResponse:
    lang = request_language(request)
    plan = preview_plan(definition, lang, modality)
    context = {
        "plan": plan,
        "ui_texts": participant_texts((lang,)),
        "timing_allowed": _timing_allowed(request),
    }
    return render_hr(request, "hr/study_preview.html", context)
