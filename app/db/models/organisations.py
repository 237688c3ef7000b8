"""Organisations, their team tree, and pseudonymous participants with a purgeable identity."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, CreatedAtMixin


class Organisation(CreatedAtMixin, Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class Team(CreatedAtMixin, Base):
    """A team; ``parent_id`` builds the tree. Deleting a parent that still has children is
    refused (RESTRICT): re-parent or delete the children first."""

    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))


class Participant(CreatedAtMixin, Base):
    """A pseudonymous participant of one campaign.

    ``code`` is what HR imported (or minted by an open link); ``export_pseudonym`` is a random
    per-campaign label used in pseudonymous exports, linked to nothing HR can see.
    """

    __tablename__ = "participants"
    __table_args__ = (
        UniqueConstraint("campaign_id", "code"),
        UniqueConstraint("campaign_id", "export_pseudonym"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="RESTRICT"), index=True)
    code: Mapped[str] = mapped_column(String(100))
    export_pseudonym: Mapped[str] = mapped_column(String(32))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Created by a visit of a team's open link (not imported by HR).
    via_open_link: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The language of this person's e-mails (import column ``language``); None: the
    # campaign's first language.
    language: Mapped[str | None] = mapped_column(String(10))


class ParticipantIdentity(CreatedAtMixin, Base):
    """Identity data kept apart so it can be purged without touching pseudonymous data."""

    __tablename__ = "participant_identities"

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    full_name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
