"""Descriptive personal feedback (never "you are / you prefer"), with its limits stated.

Bands are Project Implicit's: |D| < .15 none, < .35 slight, < .65 moderate, else strong
(computed by ``scoring``). D > 0 means faster when target A shared a key with attribute +.
"""

from __future__ import annotations

from typing import Any

from app.db.models import Score
from app.i18n import N_, Gettext, translations
from app.schemas.participant import FeedbackRead

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


def _labels(plan: dict[str, Any]) -> dict[str, str]:
    """Category → label, read from the plan's blocks (in the session's language)."""
    labels: dict[str, str] = {}
    for block in plan["blocks"]:
        for entry in block["left"] + block["right"]:
            labels[entry["category"]] = entry["label"]
    return labels


def _sentence(_: Gettext, band: str, d: float, labels: dict[str, str]) -> str:
    a, b, pos = labels["target_a"], labels["target_b"], labels["attribute_pos"]
    fast, slow = (a, b) if d > 0 else (b, a)
    if band == "none":
        return _(
            "You sorted {a} words and {b} words with {pos} words at about the same speed."
        ).format(a=a, b=b, pos=pos)
    return _(_FASTER[band]).format(fast=fast, slow=slow, pos=pos)


def feedback_for(score: Score, plan: dict[str, Any], lang: str) -> FeedbackRead:
    """The end page's feedback for a stored D score."""
    _ = translations(lang).gettext
    limits = [_(text) for text in _LIMITS]
    if score.value is None or score.details.get("excluded"):
        unavailable = _(
            "Your result could not be computed reliably (responses too fast, too many "
            "errors or an incomplete test)."
        )
        return FeedbackRead(d=None, band=None, paragraphs=[unavailable, *limits])
    band = str(score.details.get("band", "none"))
    sentence = _sentence(_, band, score.value, _labels(plan))
    return FeedbackRead(d=score.value, band=band, paragraphs=[sentence, *limits])
