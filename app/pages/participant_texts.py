"""Page chrome of the participant's page (the test wording is in iat/, the questionnaire's too).

Embedded in the page as JSON (``<script type="application/json" id="ui-texts">``), one set per
offered language, so the browser can switch language without a reload and never hard-codes a
sentence. Keys are machine names; each text is an English msgid of the gettext catalogue.
"""

from __future__ import annotations

from app.i18n import N_, language_name, translations

_TEXTS: dict[str, str] = {
    "language_title": N_("Choose your language"),
    "language_help": N_("The test and the questionnaire will be in this language."),
    "consent_title": N_("Information and consent"),
    "agree": N_("I agree to take part"),
    "decline": N_("I do not wish to take part"),
    "declined_title": N_("Thank you for your answer"),
    "declined_body": N_(
        "You chose not to take part. Nothing else was recorded about you. You can close this page."
    ),
    "withdrawn_title": N_("Your data have been erased"),
    "withdrawn_body": N_(
        "You have withdrawn from the study and your answers have been deleted. Thank you."
    ),
    "device_title": N_("Your device"),
    "device_keyboard": N_("Do you have a physical keyboard? Press the E or I key to continue."),
    "device_touch_help": N_(
        "On a touchscreen without a keyboard, two large zones to tap replace the keys."
    ),
    "device_touch": N_("Use touch mode"),
    "device_skip_help": N_(
        "If you cannot take a timed test (disability, no keyboard or touchscreen…), you "
        "can skip it; this choice is recorded."
    ),
    "device_skip": N_("I cannot take the timed test"),
    "skip_reason": N_("Reason (optional)"),
    "skip_confirm": N_("Confirm: skip the test"),
    "cancel": N_("Cancel"),
    "or": N_(" or "),
    "touch_next": N_("Continue"),
    "uploading_title": N_("Sending your answers…"),
    "uploading_body": N_(
        "Your answers are kept on this device and will be sent as soon as possible. Keep "
        "this page open."
    ),
    "offline": N_("Offline — your answers are kept and will be sent."),
    "large_text": N_("Large text"),
    "q_page": N_("Page {n} of {total}"),
    "q_next": N_("Next page"),
    "q_previous": N_("Previous page"),
    "q_finish": N_("Finish"),
    "q_hint": N_(
        'Answer from your own experience. "Don\'t know" is always possible; a question can '
        "also be left unanswered."
    ),
    "end_title": N_("Thank you for taking part"),
    "end_body": N_("Your answers have been recorded. You can close this page."),
    "feedback_title": N_("Your descriptive result"),
    "download": N_("Download my data"),
    "withdraw": N_("Withdraw and erase my data"),
    "withdraw_link": N_("Withdraw from the study"),
    "withdraw_question": N_("Permanently erase all your answers? This cannot be undone."),
    "withdraw_confirm": N_("Yes, erase my data"),
    "guardrail": N_(
        "IAT scores are a research measure. They must never be used for hiring, "
        "appraisal, pay or promotion."
    ),
    "error_title": N_("Something went wrong"),
    "error_offline": N_("The server cannot be reached. Check your connection, then try again."),
    "error_link": N_("This link is not (or no longer) valid. Use the latest link you received."),
    "error_conflict": N_(
        "This step is no longer possible. Reload the page to carry on where you are."
    ),
    "error_server": N_("The server ran into an error. Try again in a moment."),
    "retry": N_("Try again"),
}


def participant_texts(languages: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """``{lang: {key: text}}`` for the page's JSON block, for each offered language."""
    return {lang: _texts_in(lang) for lang in languages}


def _texts_in(lang: str) -> dict[str, str]:
    catalogue = translations(lang)
    texts = {key: catalogue.gettext(message) for key, message in _TEXTS.items()}
    return {"language_name": language_name(lang), **texts}
