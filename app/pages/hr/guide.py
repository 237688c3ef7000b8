"""The page "How to read these results": D, bands, intervals, reliability, hidden figures, and
what the results must never be used for. Linked from the dashboard, the exports page and every
codebook (``app.exports.writers.GUIDE_PATH``)."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.accounts.hr_auth import CurrentHR
from app.aggregates.reading_guide import reading_guide
from app.exports.writers import GUIDE_PATH
from app.i18n import request_language
from app.pages.hr.rendering import render_hr

router = APIRouter(include_in_schema=False)


def _number_locale(lang: str) -> Locale:
    """The page language's number conventions (English for a language Babel does not know)."""
    try:
        return Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@router.get(GUIDE_PATH, response_class=HTMLResponse)
def guide_page(request: Request, user: CurrentHR) -> HTMLResponse:
    locale = _number_locale(request_language(request))

    def decimal(value: float, digits: int = 2) -> str:
        """``value`` as the page's language writes it (``0,15`` in French)."""
        return str(format_decimal(value, format="0." + "0" * digits, locale=locale))

    return render_hr(request, "hr/guide.html", {"guide": reading_guide(), "decimal": decimal})
