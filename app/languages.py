"""Which languages the app offers: those of ``IAT_LANGUAGES`` that are complete.

A language is complete when its interface catalogue translates every message of
``app/locale/messages.pot``, the test's texts exist (``iat/data/texts/<lang>.json``) and the
built-in study and questionnaire have their wording in it. Adding a language is adding those
data files; no code lists the languages.
"""

from __future__ import annotations

import logging

from app.config import Settings
from app.i18n import catalogue_languages, untranslated
from iat import default_study
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
