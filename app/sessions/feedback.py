"""Descriptive personal feedback (never "you are / you prefer"), with its limits stated.

Bands are Project Implicit's: |D| < .15 none, < .35 slight, < .65 moderate, else strong
(computed by ``scoring``). D > 0 means faster when target A shared a key with attribute +.
"""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal

from app.db.models import Score
from app.i18n import N_, Gettext, translations
from app.sessions.schemas import FeedbackRead
from app.sessions.score_details import DScoreDetails
from iat import Category, SessionPlan
from scoring.summary import BAND_LIMITS

_FASTER = {
    "slight": N_(
        "You sorted {fast} words with {pos} words slightly faster than {slow} words with "
        "{pos} words."
    ),
    "moderate": N_(
        "You sorted {fast} words with {pos} words moderately faster than {slow} words with "
        "{pos} words."
    ),
    "strong": N_(
        "You sorted {fast} words with {pos} words markedly faster than {slow} words with "
        "{pos} words."
    ),
}

_LIMITS = (
    N_(
        "Limits: a single test is noisy and can vary from one day to the next. The result is "
        "relative to the comparison category; it says nothing about your job performance."
    ),
    N_("This result is descriptive, without validated norms: a research measure, not a diagnosis."),
)


def _labels(plan: SessionPlan) -> dict[Category, str]:
    """Category → label, read from the plan's blocks (in the session's language)."""
    return {
        entry.category: entry.label
        for block in plan.blocks
        for entry in (*block.left, *block.right)
    }


def _sentence(_: Gettext, band: str, d: float, labels: dict[Category, str]) -> str:
    a, b = labels[Category.TARGET_A], labels[Category.TARGET_B]
    pos = labels[Category.ATTRIBUTE_POS]
    fast, slow = (a, b) if d > 0 else (b, a)
    if band == "none":
        return _(
            "You sorted {a} words and {b} words with {pos} words at about the same speed."
        ).format(a=a, b=b, pos=pos)
    return _(_FASTER[band]).format(fast=fast, slow=slow, pos=pos)


def _decimal(value: float, lang: str) -> str:
    """``value`` with two decimals written the way of ``lang`` (French: ``0,42``)."""
    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):  # a language Babel does not know: English digits
        locale = Locale("en")
    return format_decimal(value, format="0.00", locale=locale)


def _score(_: Gettext, d: float, lang: str) -> str:
    slight, moderate, strong = (_decimal(limit, lang) for limit in BAND_LIMITS)
    return _(
        "Your score is D = {d}, on a scale from −2 to +2 where 0 means the same speed. The "
        "descriptive bands start at {slight} (slight), {moderate} (moderate) and {strong} "
        "(strong), whatever the sign."
    ).format(d=_decimal(d, lang), slight=slight, moderate=moderate, strong=strong)


def feedback_for(score: Score, plan: SessionPlan, lang: str) -> FeedbackRead:
    """The end page's feedback for a stored D score."""
    _ = translations(lang).gettext
    limits = [_(text) for text in _LIMITS]
    details = DScoreDetails.stored(score.details)
    if score.value is None or details.excluded:
        unavailable = _(
            "Your result could not be computed reliably (responses too fast, too many "
            "errors or an incomplete test)."
        )
        return FeedbackRead(d=None, band=None, paragraphs=[unavailable, *limits])
    band = details.band or "none"
    labels = _labels(plan)
    number = _score(_, score.value, lang)
    # The comparison sentence names two targets: a single-category IAT has one.
    sentence = [_sentence(_, band, score.value, labels)] if Category.TARGET_B in labels else []
    return FeedbackRead(d=score.value, band=band, paragraphs=[*sentence, number, *limits])
