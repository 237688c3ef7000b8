"""What each audit event means, in words: one sentence per action kind (gettext msgids).

The actor is shown beside the sentence (who), the sentence says what. ``{target}`` is the
name of what was acted on (a campaign's name, an account's e-mail, a token's name...) or its
number when it no longer exists; ``{rows}`` is the event's row count. An action recorded in
the code needs an entry here (``tests/unit/app/test_audit_sentences.py`` checks it).
"""

from __future__ import annotations

from app.errors import translated
from app.i18n import N_

SENTENCES: dict[str, str] = {
    "organisation.create": N_("Created this organisation"),
    "account.create": N_("Created the account {target}"),
    "account.enable": N_("Enabled the account {target}"),
    "account.disable": N_("Disabled the account {target} (its sessions and links ended)"),
    "account.teams": N_("Changed the teams of the account {target}"),
    "account.reset": N_("Issued a new password link for the account {target} (signed out)"),
    "account.password_set": N_("Set the password of the account {target}"),
    "hr.login": N_("Signed in"),
    "team.create": N_("Created the team {target}"),
    "campaign.create": N_("Created the campaign {target}"),
    "campaign.update": N_("Changed the campaign {target}"),
    "campaign.open": N_("Opened the campaign {target}"),
    "campaign.closed": N_("Closed the campaign {target}"),
    "campaign.archived": N_("Archived the campaign {target}"),
    "programme.create": N_("Created the programme {target}"),
    "outcomes.import": N_(
        "Imported customer outcomes into the campaign {target} ({rows} new or changed)"
    ),
    "participants.import": N_(
        "Imported participants into the campaign {target} ({rows} new or changed)"
    ),
    "invitations.mint": N_("Downloaded {rows} new personal link(s) of the campaign {target}"),
    "open_link.create": N_("Created an open link for the team {target}"),
    "link.resend": N_("Gave the participant {target} a new personal link"),
    "link.revoke": N_("Revoked the {rows} live link(s) of the participant {target}"),
    "mailing.invitation": N_("Queued {rows} invitation e-mail(s) of the campaign {target}"),
    "mailing.reminder": N_("Queued {rows} reminder e-mail(s) of the campaign {target}"),
    "mailing.test": N_("Sent themselves a test e-mail of the campaign {target}"),
    "participant.erase": N_(
        "Withdrew and erased the participant {target} on request ({rows} record(s))"
    ),
    "participant.withdraw": N_("A participant withdrew and erased their data"),
    "participant.download": N_("A participant downloaded their own data"),
    "export": N_("Exported the campaign {target} ({rows} row(s))"),
    "study.create": N_("Created the study {target}"),
    "study.update": N_("Changed the study {target} (a version no campaign has used)"),
    "study.version": N_("Saved a new version of the study {target}"),
    "api_token.create": N_("Created the research API token {target}"),
    "api_token.revoke": N_("Revoked the research API token {target}"),
    "retention.purge": N_(
        "Retention period over: deleted {rows} record(s) of the campaign {target}"
    ),
    "research.sessions.read": N_("Read {rows} session row(s) through the research API"),
    "research.scores.read": N_(
        "Read {rows} D score row(s) of the campaign {target} through the research API"
    ),
    "research.subscale_scores.read": N_(
        "Read {rows} subscale score row(s) of the campaign {target} through the research API"
    ),
    "research.answers.read": N_(
        "Read {rows} questionnaire answer row(s) of the campaign {target} through the research API"
    ),
    "research.trials.read": N_(
        "Read {rows} trial row(s) of the campaign {target} through the research API"
    ),
    "research.trials.download.csv": N_(
        "Downloaded the trials of the campaign {target} (CSV) through the research API"
    ),
    "research.trials.download.ndjson": N_(
        "Downloaded the trials of the campaign {target} (NDJSON) through the research API"
    ),
}
OTHER = N_("Other action: {action}")
# The actor column's words for actors without a name of their own.
SYSTEM = N_("system")
PARTICIPANT = N_("a participant")


NUMBER = N_("#{number}")


def describe(
    action: str, target: str | None, number: str | None, rows: int | None, lang: str
) -> str:
    """The sentence of ``action`` in ``lang`` about the target called ``target`` (or, when it
    has no name any more, its ``number``); an unknown action is named as it is."""
    message = SENTENCES.get(action)
    if message is None:
        return translated(OTHER, {"action": action}, lang)
    if target is None:
        target = translated(NUMBER, {"number": number}, lang) if number else ""
    return translated(message, {"target": target, "rows": "?" if rows is None else rows}, lang)


def kind_label(action: str, lang: str) -> str:
    """The sentence of ``action`` with "…" for its target and count (the kind filter's words)."""
    message = SENTENCES.get(action, OTHER)
    return translated(message, {"target": "…", "rows": "…", "action": action}, lang)
