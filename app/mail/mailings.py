"""Mail-outs: invitations and reminders queued for a campaign's people, and HR's test message.

Each message carries a fresh personal link minted for it alone (the person's older links keep
working; a person who started and has not finished resumes with it). A person who has opened
their link gets one only at an address they were mailed at before opening it; at an address
set since, the message asks them to use the link they already have (HR cannot point a started
person's e-mails at their own mailbox to get a key to that session). Only people with an
e-mail address are mailed, never one who declined or withdrew, never one who finished; they
are all counted in ``skipped``, so the answer does not tell who refused. People whose links
HR revoked are skipped by the audiences ``not_invited`` and ``not_completed`` and mailed only
when named. The messages are queued in the transaction that writes the mailing row.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.audit.log import record_hr
from app.campaigns.manage import load_campaign, state_word
from app.db.models import Campaign, HRUser, Mailing
from app.domain import CampaignState, MailAudience, MailKind, MailState
from app.errors import Conflict, InvalidInput, NotFound
from app.i18n import N_
from app.mail import outbox_repository as outbox_repo
from app.mail import recipients as mail_repo
from app.mail.compose import TEST_TOKEN, compose, mail_language, message_domain
from app.mail.outbox import enqueue
from app.mail.recipients import Recipient
from app.mail.schemas import MailingCreate, MailingCreated, MailingRead, TestMailCreate
from app.participants import personal_links

_ONLY_OPEN = N_("e-mails are sent only while a campaign is open; this one is {state}")
_STATES = (MailState.QUEUED, MailState.SENT, MailState.FAILED, MailState.BOUNCED)


def _requester(user_id: int) -> str:
    return f"hr_user:{user_id}"


def mailable(recipient: Recipient, named: bool) -> bool:
    """Whether a mail-out reaches this person (the rest are counted together as skipped)."""
    if not recipient.email or recipient.refused or recipient.finished:
        return False
    return named or not recipient.links_revoked


def queue_message(
    db: Session, campaign: Campaign, recipient: Recipient, kind: MailKind, mailing: Mailing,
    base_url: str,
) -> None:  # fmt: skip
    """Queue the message in the person's language, with a link minted for it alone (or, to an
    address not known before the person opened their link, none: ``Recipient.may_get_link``)."""
    assert recipient.email is not None
    url = None
    if recipient.may_get_link:
        token = personal_links.mint_link(db, recipient.participant.id)
        url = personal_links.participant_url(base_url, token)
    lang = mail_language(campaign, recipient.participant.language)
    message = compose(campaign, kind, lang, url)
    enqueue(
        db,
        kind=kind,
        to_address=recipient.email,
        language=message.language,
        subject=message.subject,
        body=message.body,
        message_domain=message_domain(base_url),
        campaign_id=campaign.id,
        participant_id=recipient.participant.id,
        mailing_id=mailing.id,
    )


def _open_campaign(db: Session, scope: HRScope, campaign_id: int) -> Campaign:
    mail_repo.lock_campaign(db, campaign_id)  # before reading: concurrent mail-outs queue once
    campaign = load_campaign(db, scope, campaign_id)
    if campaign.state != CampaignState.OPEN:
        raise Conflict(_ONLY_OPEN, state=state_word(campaign.state))
    return campaign


def _recipients(
    db: Session, scope: HRScope, campaign_id: int, body: MailingCreate
) -> list[Recipient]:
    audience = MailAudience(body.audience)
    found = mail_repo.recipients(db, scope, campaign_id, audience, body.participant_ids)
    missing = sorted(set(body.participant_ids) - {r.participant.id for r in found})
    if missing:
        raise NotFound(
            N_("no participant {participant_id} in this campaign"), participant_id=missing[0]
        )
    return found


def create_mailing(
    db: Session, actor: HRUser, scope: HRScope, campaign_id: int, body: MailingCreate,
    base_url: str,
) -> MailingCreated:  # fmt: skip
    """Queue an invitation or reminder to an audience of the campaign (nothing sent here)."""
    campaign = _open_campaign(db, scope, campaign_id)
    people = _recipients(db, scope, campaign.id, body)
    kind, named = MailKind(body.kind), body.audience == "participant_ids"
    mailing = mail_repo.add_mailing(
        db,
        Mailing(
            campaign_id=campaign.id,
            kind=kind,
            audience=body.audience,
            requested_by=_requester(actor.id),
        ),
    )
    for recipient in people:
        if mailable(recipient, named):
            queue_message(db, campaign, recipient, kind, mailing, base_url)
            mailing.queued += 1
    mailing.skipped = len(people) - mailing.queued
    record_hr(
        db,
        actor,
        f"mailing.{kind.value}",
        organisation_id=campaign.organisation_id,
        target=("campaign", campaign.id),
        row_count=mailing.queued,
    )
    db.commit()
    return MailingCreated(mailing_id=mailing.id, queued=mailing.queued, skipped=mailing.skipped)


def _test_language(campaign: Campaign, asked: str | None) -> str:
    lang = asked or mail_language(campaign, None)
    if lang not in campaign.languages:
        raise InvalidInput(
            N_("language '{language}' is not offered by this campaign"), language=lang
        )
    return lang


def send_test(
    db: Session, actor: HRUser, scope: HRScope, campaign_id: int, body: TestMailCreate,
    base_url: str,
) -> MailingCreated:  # fmt: skip
    """The invitation or reminder as a person would get it, to the HR user's own address,
    with an example link that does not work."""
    campaign = load_campaign(db, scope, campaign_id)
    if campaign.state in (CampaignState.CLOSED, CampaignState.ARCHIVED):
        raise Conflict(_ONLY_OPEN, state=state_word(campaign.state))
    lang = _test_language(campaign, body.language)
    mailing = mail_repo.add_mailing(
        db,
        Mailing(
            campaign_id=campaign.id,
            kind=MailKind.TEST,
            audience=MailAudience.SELF,
            requested_by=_requester(actor.id),
            queued=1,
            skipped=0,
        ),
    )
    url = personal_links.participant_url(base_url, TEST_TOKEN)
    template = MailKind.REMINDER if body.template == "reminder" else MailKind.INVITATION
    message = compose(campaign, template, lang, url, test=True)
    enqueue(
        db, kind=MailKind.TEST, to_address=actor.email, language=lang, subject=message.subject,
        body=message.body, message_domain=message_domain(base_url), campaign_id=campaign.id,
        mailing_id=mailing.id,
    )  # fmt: skip
    record_hr(
        db, actor, "mailing.test", organisation_id=campaign.organisation_id,
        target=("campaign", campaign.id), row_count=1,
    )  # fmt: skip
    db.commit()
    return MailingCreated(mailing_id=mailing.id, queued=1, skipped=0)


def list_mailings(db: Session, scope: HRScope, campaign_id: int) -> list[MailingRead]:
    """The campaign's mail-outs, newest first, with their messages counted by state. A manager
    sees only their own (the others' counts cover people outside their teams)."""
    campaign = load_campaign(db, scope, campaign_id)
    own = None if scope.team_ids is None else _requester(scope.user_id)
    mailings = mail_repo.list_mailings(db, campaign.id, own)
    counts = outbox_repo.state_counts_by_mailing(db, campaign.id)
    columns = ("id", "kind", "audience", "reminder_day", "created_at", "queued", "skipped")
    return [
        MailingRead(
            **{name: getattr(m, name) for name in columns},
            states={state.value: counts.get(m.id, {}).get(state.value, 0) for state in _STATES},
        )
        for m in mailings
    ]
