"""Jinja2 environment for the pages, with the language and message catalog in context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from app.i18n import Language, request_language
from app.pages.messages import messages_for

FRONTEND_DIR = Path(__file__).resolve().parents[2] / "frontend"
templates = Jinja2Templates(directory=str(FRONTEND_DIR / "templates"))


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    """Render ``template`` in the request's language (autoescaped: data is never markup)."""
    lang: Language = request_language(request)
    full = {"lang": lang.value, "t": messages_for(lang), **(context or {})}
    response = templates.TemplateResponse(request, template, full, status_code=status)
    if request.query_params.get("lang") == lang.value:
        response.set_cookie("lang", lang.value, samesite="lax", max_age=365 * 24 * 3600)
    return response
