"""The information and consent text, generated from the campaign's privacy policy.

It states in plain words who sees what (DESIGN §6) and the facts GDPR Art. 13 requires:
controller, data-protection contact, purpose, legal basis, recipients, retention, rights and
the right to complain to the CNIL.
"""

from __future__ import annotations

from app.db.models import Campaign
from app.domain import IndividualResults
from app.sessions.schemas import ConsentSection

_WHO_SEES = {
    "fr": {
        IndividualResults.NONE: (
            "Personne ne verra vos résultats individuels : seuls des résultats d'équipe sont "
            "produits."
        ),
        IndividualResults.PSEUDONYMOUS: (
            "Vos résultats individuels ne sont transmis aux RH que sous un pseudonyme propre à "
            "cette campagne, que rien de ce dont disposent les RH ne relie à votre nom ni à la "
            "liste des invitations."
        ),
        IndividualResults.NAMED: (
            "Vos résultats individuels sont transmis aux RH avec votre nom. Vous pouvez "
            "refuser de participer sans avoir à vous justifier."
        ),
    },
    "en": {
        IndividualResults.NONE: (
            "Nobody will see your individual results: only team results are produced."
        ),
        IndividualResults.PSEUDONYMOUS: (
            "Your individual results reach HR only under a pseudonym specific to this "
            "campaign, which nothing available to HR links to your name or to the invitation "
            "list."
        ),
        IndividualResults.NAMED: (
            "Your individual results reach HR with your name. You may decline to take part "
            "without giving a reason."
        ),
    },
}

_HEADINGS = {
    "fr": ("Ce que vous allez faire", "Qui voit quoi", "Vos données", "Vos droits"),
    "en": ("What you will do", "Who sees what", "Your data", "Your rights"),
}


def _what(lang: str) -> list[str]:
    if lang == "fr":
        return [
            "Un test de classement chronométré de 5 à 7 minutes (test d'association implicite), "
            "au clavier ou sur écran tactile, puis, le cas échéant, un court questionnaire.",
            "Ce test est une mesure de recherche. Ses résultats ne doivent jamais servir au "
            "recrutement, à l'évaluation, à la rémunération ou à la promotion.",
        ]
    return [
        "A timed 5–7 minute sorting test (Implicit Association Test), on a keyboard or a "
        "touchscreen, then, where applicable, a short questionnaire.",
        "This test is a research measure. Its results must never be used for hiring, "
        "appraisal, pay or promotion.",
    ]


def _who(lang: str, campaign: Campaign) -> list[str]:
    policy = IndividualResults(campaign.individual_results)
    q, iat = campaign.min_group_size_questionnaire, campaign.min_group_size_iat
    if lang == "fr":
        groups = (
            f"Les résultats d'équipe ne sont montrés que pour des groupes d'au moins {iat} "
            f"personnes pour le test et {q} pour le questionnaire, et seulement une fois la "
            "campagne close."
        )
        padding = (
            "Les réponses reçues par le lien ouvert d'une équipe comptent pour ces seuils."
            if campaign.open_link_counts_toward_minimum
            else "Les réponses reçues par le lien ouvert d'une équipe ne comptent pas pour ces "
            "seuils."
        )
    else:
        groups = (
            f"Team results are shown only for groups of at least {iat} people for the test and "
            f"{q} for the questionnaire, and only once the campaign has closed."
        )
        padding = (
            "Answers received through a team's open link count toward these minimums."
            if campaign.open_link_counts_toward_minimum
            else "Answers received through a team's open link do not count toward these minimums."
        )
    return [_WHO_SEES[lang][policy], groups, padding]


def _data(lang: str, campaign: Campaign) -> list[str]:
    days = campaign.retention_days
    if lang == "fr":
        return [
            f"Responsable du traitement : {campaign.controller}",
            f"Contact protection des données : {campaign.dpo_contact}",
            f"Finalité : {campaign.purpose}",
            f"Base légale : {campaign.legal_basis}",
            f"Destinataires : {campaign.recipients}",
            f"Durée de conservation : {days} jours ; ensuite, les données d'identité et les "
            "réponses détaillées sont supprimées.",
        ]
    return [
        f"Controller: {campaign.controller}",
        f"Data-protection contact: {campaign.dpo_contact}",
        f"Purpose: {campaign.purpose}",
        f"Legal basis: {campaign.legal_basis}",
        f"Recipients: {campaign.recipients}",
        f"Retention: {days} days; after that, identity data and detailed responses are deleted.",
    ]


def _rights(lang: str) -> list[str]:
    if lang == "fr":
        return [
            "Participer est volontaire. Vous pouvez vous retirer à tout moment depuis ce lien : "
            "vos réponses sont alors effacées.",
            "Vous disposez des droits d'accès, de rectification, d'effacement, de limitation et "
            "d'opposition ; vous pouvez télécharger vos données depuis ce lien.",
            "Vous pouvez introduire une réclamation auprès de la CNIL (www.cnil.fr).",
        ]
    return [
        "Taking part is voluntary. You can withdraw at any time from this link: your answers "
        "are then erased.",
        "You have the rights of access, rectification, erasure, restriction and objection; you "
        "can download your data from this link.",
        "You can lodge a complaint with the CNIL, the French data-protection authority "
        "(www.cnil.fr).",
    ]


def consent_sections(campaign: Campaign, lang: str) -> list[ConsentSection]:
    """The consent page's sections in ``lang`` ("fr" or "en")."""
    what, who, data, rights = _HEADINGS[lang]
    return [
        ConsentSection(heading=what, paragraphs=_what(lang)),
        ConsentSection(heading=who, paragraphs=_who(lang, campaign)),
        ConsentSection(heading=data, paragraphs=_data(lang, campaign)),
        ConsentSection(heading=rights, paragraphs=_rights(lang)),
    ]
