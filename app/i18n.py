"""Interface texts: gettext catalogues managed with Babel, and the language of each request.

Every sentence people read (pages, errors, charts, human-facing exports, consent and feedback)
is an English msgid translated by ``app/locale/<lang>/LC_MESSAGES/messages.po``. ``make run`` and
``make test`` compile the ``.mo`` files (``pybabel compile``); where a ``.mo`` is missing or older
than its ``.po`` (a ``pip install -e .`` checkout, a fresh clone) the ``.po`` is compiled in memory,
so the texts are never silently missing. Study content and questionnaire items are data files of
``iat/`` (see ``app/languages.py`` for the check that a language is complete).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from fastapi import Request

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
TEMPLATE_FILE = LOCALE_DIR / f"{DOMAIN}.pot"

Gettext = Callable[[str], str]
"""One language's ``gettext`` (``translations(lang).gettext``), bound to ``_`` by convention."""


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated later, where the language is known."""
    return message


def _po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalogue_languages() -> tuple[str, ...]:
    """The languages that have a catalogue (``app/locale/<lang>/LC_MESSAGES/messages.po``)."""
    return tuple(sorted(p.parts[-3] for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")))


@cache
def translations(lang: str) -> Translations:
    """The compiled catalogue of ``lang`` (loaded once per process)."""
    po = _po_path(lang)
    mo = po.with_suffix(".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    if not po.exists():  # a stored session in a language no longer shipped: the msgids
        return Translations(domain=DOMAIN)
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def gettext(lang: str, message: str) -> str:
    """``message`` (an English msgid) in ``lang``."""
    return translations(lang).gettext(message)


def language_name(lang: str) -> str:
    """The name of ``lang`` in itself ("Français", "English"), from its own catalogue."""
    return str(translations(lang).pgettext("name of this language", "English"))


def localized(message: str) -> dict[str, str]:
    """``message`` in every language that has a catalogue (for JSON that carries all of them)."""
    return {lang: gettext(lang, message) for lang in catalogue_languages()}


def untranslated(lang: str) -> list[str]:
    """The msgids of ``messages.pot`` that ``lang``'s catalogue leaves empty or fuzzy."""
    with TEMPLATE_FILE.open("rb") as handle:
        template = read_po(handle)
    po = _po_path(lang)
    if not po.exists():
        return [str(m.id) for m in template if m.id]
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    missing = []
    for message in template:
        found = catalog.get(message.id, message.context)
        if message.id and (found is None or not found.string or found.fuzzy):
            missing.append(str(message.id))
    return missing


def parse_language(value: str | None, offered: tuple[str, ...]) -> str | None:
    """The offered language code for ``value`` ("fr", "EN", "en-GB"...), or None."""
    if not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if code in offered else None


def offered_languages(request: Request) -> tuple[str, ...]:
    """The languages this app offers (``IAT_LANGUAGES`` minus incomplete ones; first = default)."""
    languages: tuple[str, ...] = request.app.state.languages
    return languages


def request_language(request: Request) -> str:
    """``?lang=`` wins, then the ``lang`` cookie, else the first offered language."""
    offered = offered_languages(request)
    return (
        parse_language(request.query_params.get("lang"), offered)
        or parse_language(request.cookies.get("lang"), offered)
        or offered[0]
    )
