"""Languages of the interface and the choice of one per request (FR by default)."""

from __future__ import annotations

from enum import StrEnum

from fastapi import Request


class Language(StrEnum):
    FR = "fr"
    EN = "en"


DEFAULT_LANGUAGE = Language.FR


def parse_language(value: str | None) -> Language | None:
    """``Language`` for ``value`` ("fr", "EN", "en-GB"...), or None if not supported."""
    if not value:
        return None
    code = value.strip().lower()[:2]
    return Language(code) if code in Language._value2member_map_ else None


def request_language(request: Request) -> Language:
    """``?lang=`` wins, then the ``lang`` cookie, else French (DESIGN: French is the default)."""
    return (
        parse_language(request.query_params.get("lang"))
        or parse_language(request.cookies.get("lang"))
        or DEFAULT_LANGUAGE
    )
