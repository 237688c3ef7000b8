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
    "participant_title": {
        Language.FR: "Test de classement — culture client",
        Language.EN: "Sorting test — customer culture",
    },
    "participant_loading": {Language.FR: "Chargement…", Language.EN: "Loading…"},
    "participant_noscript": {
        Language.FR: "Ce test a besoin de JavaScript. Activez-le puis rechargez la page.",
        Language.EN: "This test needs JavaScript. Turn it on and reload the page.",
    },
    "link_unknown_heading": {
        Language.FR: "Ce lien n'est pas valide",
        Language.EN: "This link is not valid",
    },
    "link_unknown_body": {
        Language.FR: (
            "Vérifiez que vous avez copié le lien en entier. S'il ne fonctionne toujours pas, "
            "demandez un nouveau lien à la personne qui vous l'a envoyé."
        ),
        Language.EN: (
            "Check that you copied the whole link. If it still does not work, ask the person "
            "who sent it for a new one."
        ),
    },
    "link_gone_heading": {
        Language.FR: "Ce lien n'est plus actif",
        Language.EN: "This link is no longer active",
    },
    "link_gone_body": {
        Language.FR: (
            "Soit un nouveau lien vous a été envoyé depuis (utilisez le plus récent), soit la "
            "campagne est close. Vos réponses déjà envoyées sont conservées."
        ),
        Language.EN: (
            "Either a newer link was sent to you (use the latest one) or the campaign has "
            "closed. Answers you already sent are kept."
        ),
    },
    "link_not_open_heading": {
        Language.FR: "La campagne n'a pas encore commencé",
        Language.EN: "The campaign has not started yet",
    },
    "link_not_open_body": {
        Language.FR: "Revenez à la date d'ouverture indiquée dans votre invitation.",
        Language.EN: "Come back on the opening date given in your invitation.",
    },
    "unavailable_heading": {
        Language.FR: "Service momentanément indisponible",
        Language.EN: "Service briefly unavailable",
    },
    "unavailable_body": {
        Language.FR: (
            "Réessayez dans quelques instants. Ce que vous avez déjà envoyé est conservé ; "
            "pendant le test, les blocs terminés attendent sur cet appareil et partent dès "
            "que le service répond."
        ),
        Language.EN: (
            "Try again in a few moments. What you already sent is kept; during the test, "
            "finished blocks wait on this device and are sent as soon as the service answers."
        ),
    },
    "switch_language": {Language.FR: "English", Language.EN: "Français"},
}


def messages_for(lang: Language) -> dict[str, str]:
    """The catalog in one language, for templates (``t.key``)."""
    return {key: texts[lang] for key, texts in _MESSAGES.items()}
