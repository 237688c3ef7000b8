"""Jinja2 environment for the pages: the request's language and its gettext catalogue.

Templates write ``{{ _("English text") }}`` (Jinja2's i18n extension, new-style gettext:
``_("%(n)s people", n=count)`` formats and escapes the values); the catalogue of the page's
``lang`` translates it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from app.i18n import language_name, offered_languages, request_language, translations
from app.numbers import decimal

FRONTEND_DIR = Path(__file__).resolve().parents[2] / "frontend"
templates = Jinja2Templates(directory=str(FRONTEND_DIR / "templates"))


# Translations are text, not markup: escaped here, so a catalogue cannot inject HTML.
@pass_context
def _gettext(context: Context, message: str) -> Markup:
    return escape(translations(context["lang"]).gettext(message))


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> Markup:
    return escape(translations(context["lang"]).ngettext(singular, plural, n))


@pass_context
def _decimal(context: Context, value: float | None, digits: int = 2) -> str:
    """``{{ x|decimal(2) }}``: the number with the page language's decimal symbol; "—" for
    none (a figure that does not exist)."""
    return "—" if value is None else decimal(value, digits, context["lang"])


templates.env.filters["decimal"] = _decimal
templates.env.add_extension("jinja2.ext.i18n")
templates.env.install_gettext_callables(  # type: ignore[attr-defined]
    gettext=_gettext, ngettext=_ngettext, newstyle=True
)


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    """Render ``template`` in the request's language (autoescaped: data is never markup)."""
    lang = request_language(request)
    names = {code: language_name(code) for code in offered_languages(request)}
    full = {"lang": lang, "language_names": names, **(context or {})}
    response = templates.TemplateResponse(request, template, full, status_code=status)
    if request.query_params.get("lang") == lang:
        response.set_cookie("lang", lang, samesite="lax", max_age=365 * 24 * 3600)
    return response
