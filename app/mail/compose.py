"""The text of an invitation or reminder e-mail, in the person's language.

HR may write the subject and body per language (``campaign.texts[lang]``: ``invitation_subject``,
``invitation_body``, ``reminder_subject``, ``reminder_body``; a missing or empty key means the
catalogue's default). The composer adds the link, the closing date, the controller and the
contact, and a line on privacy: HR texts never need to hold the link. Nothing about a result
is ever put in an e-mail (the composer is given none). Plain text and HTML come from
``frontend/templates/mail/`` (Jinja2, autoescaped HTML, texts through gettext).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from babel.core import UnknownLocaleError
from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import escape

from app.db.models import Campaign
from app.domain import MailKind
from app.i18n import N_, translations
from app.mail.outbox import MailBody

MAIL_TEMPLATES = Path(__file__).resolve().parents[2] / "frontend" / "templates" / "mail"
TEST_TOKEN = "test-message-example-link"  # never stored: the test message's link does not work

_DEFAULTS = {
    "invitation_subject": N_("Invitation: {campaign}"),
    "invitation_body": N_(
        "Hello,\n\nYou are invited to take part in “{campaign}”: a short sorting test on "
        "customer culture (5 to 7 minutes), then, where applicable, a few questions. Taking "
        "part is voluntary."
    ),
    "reminder_subject": N_("Reminder: {campaign}"),
    "reminder_body": N_(
        "Hello,\n\nA reminder about “{campaign}”: if you have not taken part yet, or stopped "
        "along the way, your personal link still works. Taking part is voluntary."
    ),
}
_PRIVACY = N_(
    "Before anything is recorded, the page behind this link tells you who sees what, and you "
    "may decline. No individual result is ever sent by e-mail."
)


@dataclass(frozen=True)
class Composed:
    language: str
    subject: str
    body: MailBody


@pass_context
def _gettext(context: Context, message: str) -> str:
    text = translations(context["lang"]).gettext(message)
    # In HTML the catalogue's text is escaped (it is text, never markup); in plain text, not.
    return escape(text) if context.eval_ctx.autoescape else text


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    text = translations(context["lang"]).ngettext(singular, plural, n)
    return escape(text) if context.eval_ctx.autoescape else text


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(MAIL_TEMPLATES)),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_gettext, ngettext=_ngettext, newstyle=True
    )
    return env


def mail_language(campaign: Campaign, person_language: str | None) -> str:
    """The person's language when the campaign offers it, else the campaign's first one."""
    languages = list(campaign.languages or [])
    if person_language and person_language in languages:
        return person_language
    return languages[0] if languages else "fr"


def message_domain(base_url: str) -> str:
    """The right-hand side of the ``Message-ID``s: the platform's host name."""
    return urlsplit(base_url).hostname or "localhost"


def _closing_date(closes_at: datetime | None, lang: str) -> str | None:
    if closes_at is None:
        return None
    try:
        return format_date(closes_at.date(), format="long", locale=lang)
    except (UnknownLocaleError, ValueError):
        return closes_at.date().isoformat()


def _text(campaign: Campaign, lang: str, key: str) -> str:
    """HR's text for ``key`` in ``lang``, else the catalogue's default with the campaign name."""
    written = (campaign.texts or {}).get(lang, {}).get(key, "")
    if written and written.strip():
        return written.strip()
    return translations(lang).gettext(_DEFAULTS[key]).format(campaign=campaign.name)


def _fact(campaign: Campaign, lang: str, key: str, fallback: str) -> str:
    return ((campaign.texts or {}).get(lang, {}).get(key) or fallback).strip()


def compose(
    campaign: Campaign, kind: MailKind, lang: str, url: str | None, *, test: bool = False
) -> Composed:
    """The subject and both bodies of an invitation or reminder (``kind``) holding ``url``
    (None: the message asks the person to use the link they already have)."""
    which = "reminder" if kind is MailKind.REMINDER else "invitation"
    subject = " ".join(_text(campaign, lang, f"{which}_subject").split())
    paragraphs = [p.strip() for p in _text(campaign, lang, f"{which}_body").split("\n\n")]
    context = {
        "lang": lang,
        "subject": subject,
        "paragraphs": [p for p in paragraphs if p],
        "url": url,
        "closes": _closing_date(campaign.closes_at, lang),
        "controller": _fact(campaign, lang, "controller", campaign.controller or ""),
        "contact": _fact(campaign, lang, "dpo_contact", campaign.dpo_contact or ""),
        "privacy": translations(lang).gettext(_PRIVACY),
        "test": test,
    }
    env = _environment()
    text = env.get_template("message.txt").render(context)
    html = env.get_template("message.html").render(context)
    if test:
        subject = translations(lang).gettext(N_("[Test] {subject}")).format(subject=subject)
    return Composed(lang, subject, MailBody(text=text, html=html))
