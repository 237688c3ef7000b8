"""The information and consent text, generated from the campaign's privacy policy.

It states in plain words who sees what (DESIGN §6) and the facts GDPR Art. 13 requires:
controller, data-protection contact, purpose, legal basis, recipients, retention, rights and
the right to complain to the CNIL. Every sentence is a msgid of the gettext catalogue.
"""

from __future__ import annotations

from app.campaigns.texts import effective_texts
from app.db.models import Campaign
from app.domain import IndividualResults
from app.i18n import N_, Gettext, translations
from app.sessions.schemas import ConsentSection

_WHO_SEES = {
    IndividualResults.NONE: N_(
        "Nobody will see your individual results: only team results are produced."
    ),
    IndividualResults.PSEUDONYMOUS: N_(
        "Your individual results reach HR only under a pseudonym specific to this campaign, "
        "which nothing available to HR links to your name or to the invitation list."
    ),
    IndividualResults.NAMED: N_(
        "Your individual results reach HR with your name. You may decline to take part "
        "without giving a reason."
    ),
}

_HEADINGS = (
    N_("What you will do"),
    N_("Who sees what"),
    N_("Your data"),
    N_("Your rights"),
)


def _what(_: Gettext) -> list[str]:
    return [
        _(
            "A timed 5–7 minute sorting test (Implicit Association Test), on a keyboard or a "
            "touchscreen, then, where applicable, a short questionnaire."
        ),
        _(
            "This test is a research measure. Its results must never be used for hiring, "
            "appraisal, pay or promotion."
        ),
    ]


def _who(_: Gettext, campaign: Campaign) -> list[str]:
    policy = IndividualResults(campaign.individual_results)
    groups = _(
        "Team results are shown only for groups of at least {iat} people for the test and "
        "{q} for the questionnaire, and only once the campaign has closed."
    ).format(iat=campaign.min_group_size_iat, q=campaign.min_group_size_questionnaire)
    padding = (
        _("Answers received through a team's open link count toward these minimums.")
        if campaign.open_link_counts_toward_minimum
        else _("Answers received through a team's open link do not count toward these minimums.")
    )
    return [_(_WHO_SEES[policy]), groups, padding]


def _data(_: Gettext, campaign: Campaign, lang: str) -> list[str]:
    texts = effective_texts(campaign).get(lang, {})  # HR's words in the reader's language
    return [
        _("Controller: {value}").format(value=texts.get("controller", "")),
        _("Data-protection contact: {value}").format(value=texts.get("dpo_contact", "")),
        _("Purpose: {value}").format(value=texts.get("purpose", "")),
        _("Legal basis: {value}").format(value=texts.get("legal_basis", "")),
        _("Recipients: {value}").format(value=texts.get("recipients", "")),
        _(
            "Retention: {days} days; after that, identity data and detailed responses are deleted."
        ).format(days=campaign.retention_days),
    ]


def _rights(_: Gettext) -> list[str]:
    return [
        _(
            "Taking part is voluntary. You can withdraw at any time from this link: your "
            "answers are then erased."
        ),
        _(
            "You have the rights of access, rectification, erasure, restriction and objection; "
            "you can download your data from this link."
        ),
        _(
            "You can lodge a complaint with the CNIL, the French data-protection authority "
            "(www.cnil.fr)."
        ),
    ]


def consent_sections(campaign: Campaign, lang: str) -> list[ConsentSection]:
    """The consent page's sections in ``lang`` (an offered language code)."""
    _ = translations(lang).gettext
    what, who, data, rights = (_(heading) for heading in _HEADINGS)
    return [
        ConsentSection(heading=what, paragraphs=_what(_)),
        ConsentSection(heading=who, paragraphs=_who(_, campaign)),
        ConsentSection(heading=data, paragraphs=_data(_, campaign, lang)),
        ConsentSection(heading=rights, paragraphs=_rights(_)),
    ]
