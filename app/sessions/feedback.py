"""Descriptive personal feedback (never "you are / you prefer"), with its limits stated.

Bands are Project Implicit's: |D| < .15 none, < .35 slight, < .65 moderate, else strong
(computed by ``scoring``). D > 0 means faster when target A shared a key with attribute +.
"""

from __future__ import annotations

from app.db.models import Score
from app.sessions.schemas import FeedbackRead
from app.sessions.score_details import DScoreDetails
from iat import Category, SessionPlan

_BAND_WORDS = {
    "fr": {"slight": "légèrement", "moderate": "modérément", "strong": "nettement"},
    "en": {"slight": "slightly", "moderate": "moderately", "strong": "markedly"},
}

_LIMITS = {
    "fr": [
        "Limites : un seul test est bruité et peut varier d'un jour à l'autre. Le résultat est "
        "relatif à la catégorie de comparaison ; il ne dit rien de votre performance au travail.",
        "Ce résultat est descriptif, sans normes validées : une mesure de recherche, pas un "
        "diagnostic.",
    ],
    "en": [
        "Limits: a single test is noisy and can vary from one day to the next. The result is "
        "relative to the comparison category; it says nothing about your job performance.",
        "This result is descriptive, without validated norms: a research measure, not a diagnosis.",
    ],
}


def _labels(plan: SessionPlan) -> dict[Category, str]:
    """Category → label, read from the plan's blocks (in the session's language)."""
    return {
        entry.category: entry.label
        for block in plan.blocks
        for entry in (*block.left, *block.right)
    }


def _sentence(lang: str, band: str, d: float, labels: dict[Category, str]) -> str:
    a, b = labels[Category.TARGET_A], labels[Category.TARGET_B]
    pos = labels[Category.ATTRIBUTE_POS]
    fast, slow = (a, b) if d > 0 else (b, a)
    if band == "none":
        if lang == "fr":
            return f"Vous avez classé à la même vitesse les mots « {a} » et « {b} » avec « {pos} »."
        return f"You sorted {a} words and {b} words with {pos} words at about the same speed."
    adverb = _BAND_WORDS[lang][band]
    if lang == "fr":
        return (
            f"Vous avez classé {adverb} plus vite les mots « {fast} » avec les mots « {pos} » "
            f"que les mots « {slow} » avec les mots « {pos} »."
        )
    return (
        f"You sorted {fast} words with {pos} words {adverb} faster than {slow} words "
        f"with {pos} words."
    )


def feedback_for(score: Score, plan: SessionPlan, lang: str) -> FeedbackRead:
    """The end page's feedback for a stored D score."""
    details = DScoreDetails.stored(score.details)
    if score.value is None or details.excluded:
        unavailable = {
            "fr": "Votre résultat n'a pas pu être calculé de façon fiable (réponses trop "
            "rapides, trop d'erreurs ou test incomplet).",
            "en": "Your result could not be computed reliably (responses too fast, too many "
            "errors or an incomplete test).",
        }
        return FeedbackRead(d=None, band=None, paragraphs=[unavailable[lang], *_LIMITS[lang]])
    band = details.band or "none"
    sentence = _sentence(lang, band, score.value, _labels(plan))
    return FeedbackRead(d=score.value, band=band, paragraphs=[sentence, *_LIMITS[lang]])
