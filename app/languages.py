"""Which languages the app offers: those of ``IAT_LANGUAGES`` that are complete.

A language is complete when its interface catalogue translates every message of
``app/locale/messages.pot``, the test's texts exist (``iat/data/texts/<lang>.json``) and the
built-in study and questionnaire have their wording in it. Adding a language is adding those
data files; no code lists the languages.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Annotated

from pydantic import AfterValidator

from app.config import Settings, get_settings
from app.i18n import catalogue_languages, untranslated
from iat import Language, default_study
from iat.questionnaire import load_builtin_questionnaire
from iat.texts import text_languages

log = logging.getLogger("iat.languages")


def language_problems(lang: str) -> list[str]:
    """What is missing for ``lang`` to be offered (empty when it is complete)."""
    problems = []
    if lang not in catalogue_languages():
        problems.append(f"no catalogue app/locale/{lang}/LC_MESSAGES/messages.po")
    elif missing := untranslated(lang):
        problems.append(f"{len(missing)} untranslated message(s), e.g. {missing[0]!r}")
    if lang not in text_languages():
        problems.append(f"no test texts iat/data/texts/{lang}.json")
    if lang not in default_study().languages:
        problems.append("the default study has no labels and stimuli in it")
    if lang not in load_builtin_questionnaire().languages:
        problems.append("the questionnaire has no wording in it")
    return problems


def resolve_languages(settings: Settings) -> tuple[str, ...]:
    """The complete languages of ``IAT_LANGUAGES``, in order; refuses to start with none."""
    offered = []
    for lang in settings.language_codes:
        if problems := language_problems(lang):
            log.warning("language %r is not offered: %s", lang, "; ".join(problems))
        else:
            offered.append(lang)
    if not offered:
        raise RuntimeError(
            f"IAT_LANGUAGES={settings.languages!r}: no complete language to offer "
            "(see the log above; README 'Languages' says what a language needs)"
        )
    return tuple(offered)


@cache
def complete_languages() -> tuple[str, ...]:
    """Every language whose data files are complete (whether ``IAT_LANGUAGES`` lists it or not)."""
    return tuple(lang for lang in catalogue_languages() if not language_problems(lang))


def _check_complete(code: Language) -> Language:
    if code not in complete_languages():
        raise ValueError(f"language {code!r} is not available (see README 'Languages')")
    return code


AvailableLanguage = Annotated[Language, AfterValidator(_check_complete)]
"""A language code accepted in requests: one whose catalogue, texts and questionnaire exist."""


def default_languages() -> list[Language]:
    """A new campaign's languages when none are given: ``IAT_LANGUAGES``' complete ones."""
    complete = complete_languages()
    return [Language(lang) for lang in get_settings().language_codes if lang in complete]
