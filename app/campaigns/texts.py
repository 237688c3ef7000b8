"""A campaign's free texts, one set per campaign language (``campaigns.texts``).

``texts[lang]`` holds what HR writes for the participants of that language: the GDPR facts
shown on the consent page (``GDPR_KEYS``, all required before the campaign opens) and the
invitation and reminder e-mails (``MAIL_KEYS``, optional: a missing key means the catalogue's
default). An empty text is stored as a missing key.

Campaigns created before texts were per language kept one copy of each GDPR fact in a column
of their own (``campaigns.purpose`` …). Those columns are no longer written; they are read as
the fallback for a language that has no text of its own (``effective_texts``), so an old
campaign still shows its participants the facts they were shown before.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from app.campaigns.schemas import GDPR_KEYS, TEXT_KEYS, LanguageTexts
from app.db.models import Campaign
from app.errors import ConflictingFields, FieldProblem, InvalidFields
from app.i18n import N_
from iat import Language

Texts = dict[str, dict[str, str]]


def stored(texts: Mapping[Language, LanguageTexts]) -> Texts:
    """Request texts as stored: per language, the non-empty keys."""
    found = {str(lang): {k: v for k, v in t.sent().items() if v} for lang, t in texts.items()}
    return {lang: t for lang, t in found.items() if t}


def effective_texts(campaign: Campaign) -> Texts:
    """Each campaign language's texts, the old single GDPR columns filling in where a
    language has no text of its own (campaigns made before texts were per language)."""
    found: Texts = {}
    for lang in campaign.languages:
        own = dict((campaign.texts or {}).get(lang, {}))
        for key in GDPR_KEYS:
            legacy = getattr(campaign, key) or ""
            if not own.get(key) and legacy:
                own[key] = legacy
        found[lang] = {key: own[key] for key in TEXT_KEYS if own.get(key)}
    return found


def campaign_text(campaign: Campaign, lang: str, key: str) -> str:
    """The text ``key`` for the participants of ``lang`` ("" when none: the default)."""
    return effective_texts(campaign).get(lang, {}).get(key, "")


def check_languages(texts: Iterable[str], languages: Sequence[str]) -> None:
    """Texts only for the campaign's languages (422 naming the others)."""
    outside = sorted(set(texts) - set(languages))
    if outside:
        problem = N_("{lang} is not one of the campaign's languages")
        problems = (FieldProblem(f"texts.{lang}", problem, {"lang": lang}) for lang in outside)
        raise InvalidFields(*problems)


def check_complete(campaign: Campaign) -> None:
    """Every GDPR fact present in every campaign language (409 naming what is missing)."""
    texts = effective_texts(campaign)
    missing = [
        FieldProblem(f"texts.{lang}.{key}", N_("required before the campaign opens"))
        for lang in campaign.languages
        for key in GDPR_KEYS
        if not texts.get(lang, {}).get(key)
    ]
    if missing:
        summary = N_("information for participants is missing in the fields marked below")
        raise ConflictingFields(*missing, summary=summary)


def merged(campaign: Campaign, changes: Mapping[Language, LanguageTexts], locked: bool) -> Texts:
    """The stored texts with ``changes`` applied key by key, pruned to the campaign's
    languages. Once the policy is locked, a language's GDPR facts no longer change (409),
    except for a language that has none yet (one added after opening)."""
    check_languages(changes, campaign.languages)
    current = effective_texts(campaign)
    result = {str(lang): dict(t) for lang, t in (campaign.texts or {}).items()}
    frozen = []
    for lang, texts in changes.items():
        had = current.get(lang, {})
        fixed = locked and any(had.get(k) for k in GDPR_KEYS)
        for key, value in texts.sent().items():
            if fixed and key in GDPR_KEYS and value != had.get(key, ""):
                frozen.append(FieldProblem(f"texts.{lang}.{key}", _LOCKED))
                continue
            _set(result.setdefault(str(lang), {}), key, value)
    if frozen:
        raise ConflictingFields(*frozen)
    return {lang: t for lang, t in result.items() if lang in campaign.languages and t}


_LOCKED = N_("the privacy policy is locked since the campaign opened")


def _set(texts: dict[str, str], key: str, value: str) -> None:
    if value:
        texts[key] = value
    else:
        texts.pop(key, None)
