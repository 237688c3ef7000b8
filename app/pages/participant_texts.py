"""Page chrome of the participant's page in French and English (the test wording is in iat/).

Embedded in the page as JSON (``<script type="application/json" id="ui-texts">``) so the
browser can switch language without a reload and never hard-codes a sentence.
"""

from __future__ import annotations

from app.i18n import Language

_TEXTS: dict[str, tuple[str, str]] = {
    # key: (French, English)
    "language_name": ("Français", "English"),
    "language_title": ("Choisissez votre langue", "Choose your language"),
    "language_help": (
        "Le test et le questionnaire seront dans cette langue.",
        "The test and the questionnaire will be in this language.",
    ),
    "consent_title": ("Information et consentement", "Information and consent"),
    "agree": ("J'accepte de participer", "I agree to take part"),
    "decline": ("Je ne souhaite pas participer", "I do not wish to take part"),
    "declined_title": ("Merci pour votre réponse", "Thank you for your answer"),
    "declined_body": (
        "Vous avez choisi de ne pas participer. Rien d'autre n'a été enregistré à votre sujet. "
        "Vous pouvez fermer cette page.",
        "You chose not to take part. Nothing else was recorded about you. You can close this page.",
    ),
    "withdrawn_title": ("Vos données ont été effacées", "Your data have been erased"),
    "withdrawn_body": (
        "Vous vous êtes retiré(e) de l'étude et vos réponses ont été supprimées. Merci.",
        "You have withdrawn from the study and your answers have been deleted. Thank you.",
    ),
    "device_title": ("Votre appareil", "Your device"),
    "device_keyboard": (
        "Vous avez un clavier physique ? Appuyez sur la touche E ou I pour continuer.",
        "Do you have a physical keyboard? Press the E or I key to continue.",
    ),
    "device_touch_help": (
        "Sur un écran tactile, sans clavier, deux grandes zones à toucher remplacent les touches.",
        "On a touchscreen without a keyboard, two large zones to tap replace the keys.",
    ),
    "device_touch": ("Utiliser le mode tactile", "Use touch mode"),
    "device_skip_help": (
        "Si vous ne pouvez pas passer un test chronométré (handicap, aucun clavier ni écran "
        "tactile…), vous pouvez le passer ; ce choix est enregistré.",
        "If you cannot take a timed test (disability, no keyboard or touchscreen…), you can "
        "skip it; this choice is recorded.",
    ),
    "device_skip": ("Je ne peux pas passer le test chronométré", "I cannot take the timed test"),
    "skip_reason": ("Raison (facultatif)", "Reason (optional)"),
    "skip_confirm": ("Confirmer : passer le test", "Confirm: skip the test"),
    "cancel": ("Annuler", "Cancel"),
    "or": (" ou ", " or "),
    "uploading_title": ("Envoi de vos réponses…", "Sending your answers…"),
    "uploading_body": (
        "Vos réponses sont conservées sur cet appareil et seront envoyées dès que possible. "
        "Gardez cette page ouverte.",
        "Your answers are kept on this device and will be sent as soon as possible. "
        "Keep this page open.",
    ),
    "offline": (
        "Hors ligne — vos réponses sont conservées et seront envoyées.",
        "Offline — your answers are kept and will be sent.",
    ),
    "large_text": ("Grands caractères", "Large text"),
    "q_page": ("Page {n} sur {total}", "Page {n} of {total}"),
    "q_next": ("Page suivante", "Next page"),
    "q_previous": ("Page précédente", "Previous page"),
    "q_finish": ("Terminer", "Finish"),
    "q_hint": (
        "Répondez selon votre expérience. « Je ne sais pas » est toujours possible ; une "
        "question peut aussi rester sans réponse.",
        'Answer from your own experience. "Don\'t know" is always possible; a question can '
        "also be left unanswered.",
    ),
    "end_title": ("Merci de votre participation", "Thank you for taking part"),
    "end_body": (
        "Vos réponses ont bien été enregistrées. Vous pouvez fermer cette page.",
        "Your answers have been recorded. You can close this page.",
    ),
    "feedback_title": ("Votre résultat descriptif", "Your descriptive result"),
    "download": ("Télécharger mes données", "Download my data"),
    "withdraw": ("Me retirer et effacer mes données", "Withdraw and erase my data"),
    "withdraw_question": (
        "Effacer définitivement toutes vos réponses ? Cette action est irréversible.",
        "Permanently erase all your answers? This cannot be undone.",
    ),
    "withdraw_confirm": ("Oui, effacer mes données", "Yes, erase my data"),
    "guardrail": (
        "Les scores du TAI sont une mesure de recherche. Ils ne doivent jamais servir au "
        "recrutement, à l'évaluation, à la rémunération ou à la promotion.",
        "IAT scores are a research measure. They must never be used for hiring, appraisal, "
        "pay or promotion.",
    ),
    "error_title": ("Un problème est survenu", "Something went wrong"),
    "error_offline": (
        "Le serveur est injoignable. Vérifiez votre connexion puis réessayez.",
        "The server cannot be reached. Check your connection, then try again.",
    ),
    "error_link": (
        "Ce lien n'est pas (ou plus) valide. Utilisez le lien le plus récent que vous avez reçu.",
        "This link is not (or no longer) valid. Use the latest link you received.",
    ),
    "error_conflict": (
        "Cette étape n'est plus possible. Rechargez la page pour reprendre où vous en êtes.",
        "This step is no longer possible. Reload the page to carry on where you are.",
    ),
    "error_server": (
        "Le serveur a rencontré une erreur. Réessayez dans un instant.",
        "The server ran into an error. Try again in a moment.",
    ),
    "retry": ("Réessayer", "Try again"),
}


def participant_texts() -> dict[str, dict[str, str]]:
    """``{"fr": {key: text}, "en": {key: text}}`` for the page's JSON block."""
    return {
        Language.FR.value: {key: pair[0] for key, pair in _TEXTS.items()},
        Language.EN.value: {key: pair[1] for key, pair in _TEXTS.items()},
    }
