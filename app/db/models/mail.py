"""E-mail: mail-outs (one HR action or one scheduled reminder) and the outbox of messages.

A message is queued in the same transaction as the action that causes it and delivered later by
the outbox worker (``app.mail``). Its body may hold a personal link in clear, so it is stored
encrypted (``body_encrypted``) and erased once the relay has accepted it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, CreatedAtMixin, enum_check, utc_now
from app.domain import MailAudience, MailKind, MailState


class Mailing(CreatedAtMixin, Base):
    """One mail-out: an HR request (``POST …/mailings``) or one scheduled reminder day."""

    __tablename__ = "mailings"
    __table_args__ = (enum_check("kind", MailKind), enum_check("audience", MailAudience))

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    audience: Mapped[str] = mapped_column(String(30))
    # Who asked (audit actor text: "hr_user:3", "token:5"), or None for a scheduled reminder.
    requested_by: Mapped[str | None] = mapped_column(String(64))
    # For scheduled reminders: the ``reminder_days`` entry it fulfils (one mailing per day).
    reminder_day: Mapped[int | None] = mapped_column(Integer)
    queued: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)


class OutboxMessage(CreatedAtMixin, Base):
    """One e-mail to one address, with its delivery state."""

    __tablename__ = "outbox_messages"
    __table_args__ = (enum_check("kind", MailKind), enum_check("state", MailState))

    id: Mapped[int] = mapped_column(primary_key=True)
    mailing_id: Mapped[int | None] = mapped_column(
        ForeignKey("mailings.id", ondelete="CASCADE"), index=True
    )
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    # Erasing a person erases their messages (the address is identity data).
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    to_address: Mapped[str] = mapped_column(String(320))
    language: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str] = mapped_column(Text)
    # Fernet token of {"text": ..., "html": ...}; NULL once sent (the link in it is erased).
    body_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary)
    # Fixed at queue time, so a resend after a crash carries the same Message-ID.
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    state: Mapped[str] = mapped_column(String(20), default=MailState.QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    # A worker that claimed the message without a row lock (SQLite) holds it until then.
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
