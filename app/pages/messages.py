"""Interface wording in French and English (every HR- and participant-facing text)."""

from __future__ import annotations

from app.i18n import Language

_MESSAGES: dict[str, dict[Language, str]] = {
    "site_title": {
        Language.FR: "Culture client — mesure implicite et questionnaire",
        Language.EN: "Customer culture — implicit measure and questionnaire",
    },
    "home_heading": {
        Language.FR: "Mesurer la culture client de votre organisation",
        Language.EN: "Measure your organisation's customer culture",
    },
    "home_intro": {
        Language.FR: (
            "Deux instruments : un test d'association implicite (TAI) chronométré de 5 à "
            "7 minutes, et un court questionnaire sur l'impulsion de la direction, la connexion "
            "aux clients et l'autonomie des équipes."
        ),
        Language.EN: (
            "Two instruments: a timed 5–7 minute Implicit Association Test (IAT) and a short "
            "questionnaire on leadership's impetus, the connection to customers and team "
            "autonomy."
        ),
    },
    "home_participants": {
        Language.FR: "Vous avez reçu un lien personnel ? Ouvrez-le directement pour commencer.",
        Language.EN: "Did you receive a personal link? Open it directly to begin.",
    },
    "guardrail": {
        Language.FR: (
            "Les scores du TAI sont une mesure de recherche. Ils ne doivent jamais servir au "
            "recrutement, à l'évaluation, à la rémunération ou à la promotion."
        ),
        Language.EN: (
            "IAT scores are a research measure. They must never be used for hiring, appraisal, "
            "pay or promotion."
        ),
    },
    "research_api": {Language.FR: "API de recherche", Language.EN: "Research API"},
    "switch_language": {Language.FR: "English", Language.EN: "Français"},
}


def messages_for(lang: Language) -> dict[str, str]:
    """The catalog in one language, for templates (``t.key``)."""
    return {key: texts[lang] for key, texts in _MESSAGES.items()}
