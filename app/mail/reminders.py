"""Scheduled reminders: ``campaign.reminder_days`` (e.g. ``[3, 7]``) days after a person's first
invitation e-mail was sent, to those who have not finished.

``queue_due_reminders`` is idempotent: each person gets each scheduled reminder at most once,
and when several days are due at once (days added late, a worker stopped for a week) only the
latest is sent. A person who declined or withdrew is never reminded; neither is one who
finished, has no address, or whose links HR revoked. The delivery worker calls it in its loop;
``iat mail remind`` runs it once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from app.config import get_settings
from app.db.models import Campaign, Mailing
from app.domain import CampaignState, MailAudience, MailKind
from app.mail import recipients as mail_repo
from app.mail.mailings import mailable, queue_message
from app.scope import Scope
from app.times import as_utc


def queue_due_reminders(db: Session, now: datetime) -> int:
    """Queue the reminders due at ``now`` in every open campaign; returns how many."""
    base_url = get_settings().base_url
    total = 0
    for campaign in mail_repo.campaigns_with_reminders(db):
        if campaign.reminder_days:
            total += _remind(db, campaign.id, as_utc(now), base_url)
            db.commit()  # one transaction per campaign (its row is locked meanwhile)
    return total


def _due_day(days: list[int], invited_at: datetime, now: datetime) -> int | None:
    due = [day for day in days if as_utc(invited_at) + timedelta(days=day) <= now]
    return due[-1] if due else None


def _remind(db: Session, campaign_id: int, now: datetime, base_url: str) -> int:
    mail_repo.lock_campaign(db, campaign_id)  # a second worker waits, then finds them reminded
    campaign = db.get(Campaign, campaign_id, populate_existing=True)
    if campaign is None or campaign.state != CampaignState.OPEN:
        return 0
    if campaign.closes_at is not None and as_utc(campaign.closes_at) <= now:
        return 0
    days = sorted({int(day) for day in campaign.reminder_days or [] if int(day) > 0})
    invited = mail_repo.first_invitation_sent(db, campaign.id)
    reminded = mail_repo.scheduled_reminders(db, campaign.id)
    scope = Scope(organisation_id=campaign.organisation_id)
    people = mail_repo.recipients(db, scope, campaign.id, MailAudience.NOT_COMPLETED)
    mailings: dict[int, Mailing] = {}
    queued = 0
    for person in people:
        pid = person.participant.id
        day = _due_day(days, invited[pid], now) if pid in invited else None
        if day is None or reminded.get(pid, 0) >= day or not mailable(person, named=False):
            continue
        mailing = mailings.get(day) or _scheduled_mailing(db, campaign.id, day)
        mailings[day] = mailing
        queue_message(db, campaign, person, MailKind.REMINDER, mailing, base_url)
        mailing.queued += 1
        queued += 1
    return queued


def _scheduled_mailing(db: Session, campaign_id: int, day: int) -> Mailing:
    """The one mailing of this campaign's reminder day (created the first time it is due)."""
    found = mail_repo.scheduled_mailing(db, campaign_id, day)
    if found is not None:
        return found
    mailing = Mailing(
        campaign_id=campaign_id,
        kind=MailKind.REMINDER,
        audience=MailAudience.SCHEDULED,
        reminder_day=day,
        queued=0,
        skipped=0,
    )
    return mail_repo.add_mailing(db, mailing)
