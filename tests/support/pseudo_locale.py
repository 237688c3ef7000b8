"""A pseudo-language ``xx``: every text of the English data files and catalogue, wrapped in ⟦…⟧.

Installing it (catalogue in a copy of ``app/locale``, test texts, study and questionnaire) adds
a third language exactly as a contributor would, through data only; a page shown in ``xx`` then
proves that no text escapes the catalogues: whatever is left once the ⟦…⟧ are taken out must be
names, user-entered text, numbers or machine codes.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po, write_po
from sqlalchemy import select
from sqlalchemy.orm import Session

import app.campaigns.manage
import app.i18n
import app.languages
import iat.catalogue
import iat.texts
from app.config import Settings
from app.db.models import (
    ApiToken,
    AuditEvent,
    Campaign,
    HRUser,
    Organisation,
    Participant,
    ParticipantIdentity,
    Team,
)
from app.demo.organisation import load_demo
from app.domain import ApiScope
from app.instruments import repository as instruments
from iat import default_study
from iat.questionnaire import Questionnaire, load_builtin_questionnaire, parse_questionnaire
from iat.study import StudyDefinition, parse_study, study_document
from iat.texts import TextTemplates
from tests.support.invitations import demo_campaign

PSEUDO = "xx"
# Machine codes shown as such (formats, language codes, subscales, time zone, API scopes), and
# the other languages' names, written in those languages on purpose.
MACHINE = {"CSV", "XLSX", "XX", "FR", "EN", "LEAD", "CONN", "AUTO", "UTC", "Français", "English"}
MACHINE |= {scope.value for scope in ApiScope}
_INNERMOST = re.compile(r"⟦[^⟦⟧]*⟧")
_SEEN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")


def wrap(text: str) -> str:
    return f"⟦{text}⟧"


def _wrapped(value: Any) -> Any:
    """Every string inside ``value`` wrapped (dict keys, machine names, are kept)."""
    if isinstance(value, str):
        return wrap(value)
    if isinstance(value, list):
        return [_wrapped(item) for item in value]
    if isinstance(value, dict):
        return {key: _wrapped(item) for key, item in value.items()}
    return value


def _add_language(node: Any) -> Any:
    """Copy each ``{"en": ...}`` wording to ``xx``, wrapped (stimuli: their ``text``)."""
    if isinstance(node, list):
        return [_add_language(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _add_language(value) for key, value in node.items()}
    if "en" in node and "fr" in node:
        out[PSEUDO] = _wrapped_wording(node["en"])
    return out


def _wrapped_wording(value: Any) -> Any:
    if isinstance(value, list):  # stimuli
        return [{**s, "text": wrap(s["text"])} if isinstance(s, dict) else wrap(s) for s in value]
    return wrap(value)


def pseudo_study(source: StudyDefinition | None = None) -> StudyDefinition:
    """``source`` (the default study) with wrapped copies of its English texts as ``xx``."""
    document = _add_language(study_document(source or default_study()))
    document.pop("version", None)
    document["languages"] = [*document["languages"], PSEUDO]
    return parse_study(document)


def pseudo_questionnaire() -> Questionnaire:
    document = _add_language(load_builtin_questionnaire().model_dump(mode="json"))
    document["languages"] = [*document["languages"], PSEUDO]
    return parse_questionnaire(document)


def _pseudo_templates() -> TextTemplates:
    english = json.loads(Path(iat.texts.__file__).parent.joinpath("data/texts/en.json").read_text())
    return TextTemplates.model_validate(_wrapped(english))


def _write_catalogue(locale_dir: Path) -> None:
    with (locale_dir / "messages.pot").open("rb") as handle:
        catalog = read_po(handle, locale="en")
    for message in catalog:
        if message.id:
            message.string = wrap(str(message.id))
    target = locale_dir / PSEUDO / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.po").open("wb") as handle:
        write_po(handle, catalog)


@dataclass(frozen=True)
class PseudoLocale:
    study: StudyDefinition
    questionnaire: Questionnaire


def install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> PseudoLocale:
    """Add ``xx`` as a contributor would: a catalogue, test texts, study and questionnaire."""
    locale_dir = tmp_path / "locale"
    shutil.copytree(app.i18n.LOCALE_DIR, locale_dir, ignore=shutil.ignore_patterns("*.mo"))
    _write_catalogue(locale_dir)
    monkeypatch.setattr(app.i18n, "LOCALE_DIR", locale_dir)
    monkeypatch.setattr(app.i18n, "TEMPLATE_FILE", locale_dir / "messages.pot")
    app.i18n.translations.cache_clear()
    app.languages.complete_languages.cache_clear()
    study, questionnaire, templates = pseudo_study(), pseudo_questionnaire(), _pseudo_templates()
    real_templates = iat.texts.text_templates
    monkeypatch.setattr(
        iat.texts,
        "text_templates",
        lambda language: templates if language == PSEUDO else real_templates(language),
    )
    monkeypatch.setattr(app.languages, "text_languages", lambda: ("en", "fr", PSEUDO))
    monkeypatch.setattr(app.languages, "default_study", lambda: study)
    studies = tuple(pseudo_study(s) for s in iat.catalogue.list_builtin_studies())
    monkeypatch.setattr(app.campaigns.manage, "list_builtin_studies", lambda: studies)
    monkeypatch.setattr(app.languages, "load_builtin_questionnaire", lambda: questionnaire)
    return PseudoLocale(study, questionnaire)


def xx_campaign(db: Session, settings: Settings, pseudo: PseudoLocale) -> Campaign:
    """The demo campaign, switched to the pseudo study and questionnaire and to ``xx``."""
    load_demo(db, settings)
    campaign = demo_campaign(db)
    study = instruments.get_or_add_study(
        db, pseudo.study.id, pseudo.study.version, study_document(pseudo.study)
    )
    bank = pseudo.questionnaire
    stored = instruments.get_or_add_questionnaire_bank(
        db, bank.name, bank.version, bank.model_dump(mode="json")
    )
    campaign.study_id, campaign.questionnaire_bank_id = study.id, stored.id
    campaign.languages = [PSEUDO, "en", "fr"]
    db.commit()
    return campaign


def allowed_words(db: Session, campaign: Campaign) -> set[str]:
    """Names, entered text and machine codes the pages may show unwrapped."""
    names = {campaign.name, campaign.controller, campaign.dpo_contact, campaign.purpose}
    names |= {campaign.legal_basis, campaign.recipients}
    for texts in db.scalars(select(Campaign.texts)):  # HR's own words, in every language
        names |= {text for language in texts.values() for text in language.values()}
    names |= set(db.scalars(select(Team.name))) | set(db.scalars(select(Organisation.name)))
    names |= set(db.scalars(select(HRUser.email))) | set(db.scalars(select(ApiToken.name)))
    names |= set(db.scalars(select(Participant.code)))
    # People's names and addresses as HR imported them (the roster shows them to HR admins).
    for column in (ParticipantIdentity.full_name, ParticipantIdentity.email):
        names |= {value for value in db.scalars(select(column)) if value}
    # The audit log shows its event codes as codes (``hr.login``, ``hr_user``): machine names.
    for column in (AuditEvent.action, AuditEvent.actor_kind, AuditEvent.target_kind):
        names |= {value for value in db.scalars(select(column)) if value}
    names |= set(db.scalars(select(Campaign.name)))
    return {n for n in names if n} | MACHINE


def uninstall() -> None:
    app.i18n.translations.cache_clear()
    app.languages.complete_languages.cache_clear()


def escaped(text: str, allowed: set[str]) -> str:
    """What is left of ``text`` once the wrapped parts, the allowed words and everything that
    is not a letter are taken out (empty: nothing escaped the catalogues)."""
    previous = None
    while previous != text:
        previous, text = text, _INNERMOST.sub(" ", text)
    for word in sorted(allowed, key=len, reverse=True):
        text = text.replace(word, " ")
    return " ".join(re.findall(r"[^\W\d_]+", text))


class _Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self.texts += [value for name, value in attrs if name in _SEEN_ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.texts.append(data.strip())


def page_texts(html: str) -> list[str]:
    """The texts a person reads on ``html``: text nodes and the attributes read aloud."""
    parser = _Texts()
    parser.feed(html)
    return parser.texts


MACHINE_KEYS = frozenset({"id", "code", "language", "input_mode", "bank_version"})


def strings_of(value: Any) -> list[str]:
    """Every string inside a decoded JSON value, but the values of machine keys (ids, codes)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in strings_of(item)]
    if isinstance(value, dict):
        items = (item for key, item in value.items() if key not in MACHINE_KEYS)
        return [s for item in items for s in strings_of(item)]
    return []
