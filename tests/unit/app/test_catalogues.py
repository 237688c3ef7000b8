"""The gettext catalogues: up to date with the code, and every message translated in fr and en."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from app.i18n import LOCALE_DIR, TEMPLATE_FILE, catalogue_languages, translations
from app.languages import language_problems

ROOT = Path(__file__).resolve().parents[3]


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _ids(catalog: Catalog) -> set[tuple[str, str | None]]:
    return {(str(m.id), m.context) for m in catalog if m.id}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """What ``pybabel extract`` finds in the code today (as ``make messages-update`` runs it)."""
    out = tmp_path_factory.mktemp("pot") / "messages.pot"
    argv = ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "N_"]
    argv += ["--no-location", "--sort-output", "-o", str(out), str(ROOT)]
    CommandLineInterface().run(argv)
    return _read(out)


def test_committed_template_matches_the_code(extracted: Catalog) -> None:
    """A text added or changed without ``make messages-update`` fails here."""
    committed = _ids(_read(TEMPLATE_FILE))
    assert _ids(extracted) - committed == set(), "run `make messages-update`"
    assert committed - _ids(extracted) == set(), "run `make messages-update`"
    assert len(committed) > 200


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_message_is_translated(extracted: Catalog, lang: str) -> None:
    catalog = _read(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", lang)
    missing = []
    for message in extracted:
        found = catalog.get(message.id, message.context)
        if message.id and (found is None or not found.string or found.fuzzy):
            missing.append(message.id)
    assert missing == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_catalogues_pass_babels_checks(lang: str) -> None:
    """What ``pybabel compile`` (``make messages``) refuses: e.g. placeholders that disagree."""
    catalog = _read(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", lang)
    assert [(m.id, errors) for m, errors in catalog.check()] == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_shipped_languages_are_complete(lang: str) -> None:
    assert lang in catalogue_languages()
    assert language_problems(lang) == []


def test_placeholders_survive_translation(extracted: Catalog) -> None:
    """A translation keeps every ``{name}`` and ``%(name)s`` of its msgid (formatting would
    raise or drop a value otherwise)."""
    import re

    fields = re.compile(r"\{\w+\}|%\(\w+\)s")
    for lang in ("fr", "en"):
        catalog = _read(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", lang)
        for message in catalog:
            if message.id and isinstance(message.id, str):
                wanted = sorted(set(fields.findall(message.id)))
                assert sorted(set(fields.findall(message.string))) == wanted, message.id


def test_language_names_come_from_each_catalogue() -> None:
    assert translations("fr").pgettext("name of this language", "English") == "Français"
    assert translations("en").pgettext("name of this language", "English") == "English"
