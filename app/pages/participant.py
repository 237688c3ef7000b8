"""The participant's page: one shell per invitation link; the test runs in ES modules.

An unknown, replaced or closed link gets a clear page (never a stack trace).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.deps import SessionDep, SettingsDep
from app.errors import AppError
from app.i18n import offered_languages, request_language
from app.instruments import images
from app.pages.participant_texts import participant_texts
from app.pages.static_assets import participant_modules
from app.pages.templating import render
from app.sessions.access import load_context

router = APIRouter(include_in_schema=False)


@router.get("/p/{token}", response_class=HTMLResponse)
def participant_page(
    request: Request, token: str, db: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    try:
        ctx = load_context(db, token, create=True)
    except AppError as exc:
        context = {"status": exc.status_code, "detail": exc.detail_in(request_language(request))}
        return render(request, "participant_error.html", context, exc.status_code)
    demo_like = settings.is_demo_like
    languages = offered_languages(request)
    context = {
        "session_language": ctx.session.language,
        "timing_allowed": demo_like and request.query_params.get("timing") == "1",
        "simulation_allowed": demo_like,
        "ui_texts": participant_texts(languages),
        "default_language": languages[0],
        "modules": participant_modules(),
        "pictures": images.study_has_pictures(db, ctx.campaign.study_id),
    }
    return render(request, "participant.html", context)
