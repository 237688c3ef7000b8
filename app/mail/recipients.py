"""Who a mail-out or a reminder reaches, and the mail-outs HR lists (their messages are counted
by state in ``outbox_repository``).

Recipients are read from ``readable_participants(scope)`` (a manager reaches only the people of
their teams), never from the open-link visitors (pseudonymous, no address).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select, update
from sqlalchemy.orm import Session

from app.db.models import (
    Campaign,
    Invitation,
    Mailing,
    OutboxMessage,
    Participant,
    ParticipantIdentity,
    ParticipantSession,
)
from app.domain import CampaignState, MailAudience, MailKind, MailState, SessionState
from app.participants.repository import readable_participants
from app.scope import Scope

_REFUSED = (SessionState.DECLINED, SessionState.WITHDRAWN)
_DELIVERING = (MailState.QUEUED, MailState.SENT)


@dataclass(frozen=True)
class Recipient:
    """One person a mail-out may reach, with what decides whether it does."""

    participant: Participant
    email: str | None
    session_state: str | None
    links_revoked: bool  # has links, none of them live (HR revoked them)
    address_known: bool  # mailed at this very address before opening their link

    @property
    def may_get_link(self) -> bool:
        """Whether a message may carry a fresh link: always before the person opens their
        link; after that only to an address mailed before the opening, so that changing a
        started person's address to one's own never yields a key to their session."""
        return self.session_state is None or self.address_known

    @property
    def refused(self) -> bool:
        return self.participant.withdrawn_at is not None or self.session_state in _REFUSED

    @property
    def finished(self) -> bool:
        return self.session_state == SessionState.COMPLETED


def lock_campaign(db: Session, campaign_id: int) -> None:
    """Hold the campaign's row (PostgreSQL) or the write lock (SQLite) until the commit, so
    two mail-outs or two reminder runs of one campaign never pick the same people."""
    db.execute(update(Campaign).where(Campaign.id == campaign_id).values(state=Campaign.state))


def _invitation_mailed() -> ColumnElement[bool]:
    return exists().where(
        OutboxMessage.participant_id == Participant.id,
        OutboxMessage.kind == MailKind.INVITATION,
        OutboxMessage.state.in_(_DELIVERING),
    )


def _links_revoked() -> ColumnElement[bool]:
    any_link = exists().where(Invitation.participant_id == Participant.id)
    live = exists().where(
        Invitation.participant_id == Participant.id, Invitation.revoked_at.is_(None)
    )
    return and_(any_link, ~live)


def _address_known() -> ColumnElement[bool]:
    return exists().where(
        OutboxMessage.participant_id == Participant.id,
        OutboxMessage.to_address == ParticipantIdentity.email,
        OutboxMessage.created_at <= ParticipantSession.created_at,
    )


def _not_finished() -> ColumnElement[bool]:
    return or_(
        ParticipantSession.state.is_(None), ParticipantSession.state != SessionState.COMPLETED
    )


def _recipients_query(scope: Scope, campaign_id: int) -> Select[Any]:
    return (
        readable_participants(scope)
        .add_columns(
            ParticipantIdentity.email, ParticipantSession.state, _links_revoked(), _address_known()
        )
        .outerjoin(ParticipantIdentity, ParticipantIdentity.participant_id == Participant.id)
        .outerjoin(ParticipantSession, ParticipantSession.participant_id == Participant.id)
        .where(Participant.campaign_id == campaign_id, Participant.via_open_link.is_(False))
        .order_by(Participant.id)
    )


def recipients(
    db: Session, scope: Scope, campaign_id: int, audience: MailAudience, ids: Sequence[int] = ()
) -> list[Recipient]:
    """The people of ``audience`` whom ``scope`` reaches: ``not_invited`` (never sent an
    invitation e-mail) and ``not_completed`` are people who have not finished, refusers
    included (the caller skips and counts them with the address-less); ``participant_ids``
    is the named people, whatever their state."""
    query = _recipients_query(scope, campaign_id)
    if audience is MailAudience.PARTICIPANT_IDS:
        query = query.where(Participant.id.in_(ids))
    else:
        query = query.where(_not_finished())
    if audience is MailAudience.NOT_INVITED:
        query = query.where(~_invitation_mailed())
    rows: list[Any] = list(db.execute(query).all())
    return [Recipient(row[0], row[1], row[2], bool(row[3]), bool(row[4])) for row in rows]


def first_invitation_sent(db: Session, campaign_id: int) -> dict[int, datetime]:
    """When each person of the campaign was first sent an invitation e-mail (relay accepted)."""
    query = (
        select(OutboxMessage.participant_id, func.min(OutboxMessage.sent_at))
        .where(
            OutboxMessage.campaign_id == campaign_id,
            OutboxMessage.kind == MailKind.INVITATION,
            OutboxMessage.state == MailState.SENT,
            OutboxMessage.participant_id.is_not(None),
            OutboxMessage.sent_at.is_not(None),
        )
        .group_by(OutboxMessage.participant_id)
    )
    rows: list[Any] = list(db.execute(query).all())
    return {int(pid): sent for pid, sent in rows}


def scheduled_reminders(db: Session, campaign_id: int) -> dict[int, int]:
    """The latest ``reminder_days`` entry each person of the campaign was reminded for."""
    query = (
        select(OutboxMessage.participant_id, func.max(Mailing.reminder_day))
        .join(Mailing, Mailing.id == OutboxMessage.mailing_id)
        .where(
            Mailing.campaign_id == campaign_id,
            Mailing.audience == MailAudience.SCHEDULED,
            OutboxMessage.participant_id.is_not(None),
        )
        .group_by(OutboxMessage.participant_id)
    )
    rows: list[Any] = list(db.execute(query).all())
    return {int(pid): int(day) for pid, day in rows}


def scheduled_mailing(db: Session, campaign_id: int, day: int) -> Mailing | None:
    query = select(Mailing).where(
        Mailing.campaign_id == campaign_id,
        Mailing.audience == MailAudience.SCHEDULED,
        Mailing.reminder_day == day,
    )
    return db.scalars(query).first()


def campaigns_with_reminders(db: Session) -> list[Campaign]:
    """Open campaigns (reminder days are read by the caller: a JSON list)."""
    query = select(Campaign).where(Campaign.state == CampaignState.OPEN).order_by(Campaign.id)
    return list(db.scalars(query))


def add_mailing(db: Session, mailing: Mailing) -> Mailing:
    db.add(mailing)
    db.flush()
    return mailing


def list_mailings(db: Session, campaign_id: int, requested_by: str | None = None) -> list[Mailing]:
    """The campaign's mailings, newest first; with ``requested_by``, only that requester's."""
    query = (
        select(Mailing)
        .where(Mailing.campaign_id == campaign_id)
        .order_by(Mailing.created_at.desc(), Mailing.id.desc())
    )
    if requested_by is not None:
        query = query.where(Mailing.requested_by == requested_by)
    return list(db.scalars(query))


def message_still_wanted(db: Session, message: OutboxMessage) -> bool:
    """Whether a queued message should still go: a test message always; a person's only while
    they have not finished, declined or withdrawn since it was queued, and still have this
    address (an erasure deletes it). For the delivery worker, just before sending."""
    if message.participant_id is None:
        return True
    query = (
        select(Participant.withdrawn_at, ParticipantSession.state, ParticipantIdentity.email)
        .outerjoin(ParticipantSession, ParticipantSession.participant_id == Participant.id)
        .outerjoin(ParticipantIdentity, ParticipantIdentity.participant_id == Participant.id)
        .where(Participant.id == message.participant_id)
    )
    row = db.execute(query).one_or_none()
    if row is None or row[0] is not None or row[2] != message.to_address:
        return False
    return row[1] not in (*_REFUSED, SessionState.COMPLETED)
