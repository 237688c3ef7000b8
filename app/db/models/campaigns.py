"""Campaigns with their privacy policy (DESIGN §6), teams and invitations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, CreatedAtMixin, enum_check
from app.db.revocation import HashedTokenMixin
from app.domain import CampaignState, IndividualResults


class Campaign(CreatedAtMixin, Base):
    """An organisation runs a study and/or a questionnaire over some teams.

    The policy columns are fixed before launch (``policy_locked_at`` is set when it opens) and
    shown to the employee on the consent page.
    """

    __tablename__ = "campaigns"
    __table_args__ = (
        enum_check("state", CampaignState),
        enum_check("individual_results", IndividualResults),
        CheckConstraint("min_group_size_questionnaire >= 3", name="min_group_q_ge_3"),
        CheckConstraint("min_group_size_iat >= 3", name="min_group_iat_ge_3"),
        CheckConstraint("retention_days > 0", name="retention_positive"),
        CheckConstraint(
            "study_id IS NOT NULL OR questionnaire_bank_id IS NOT NULL", name="has_instrument"
        ),
        CheckConstraint(
            "closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at", name="dates_ordered"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    # The programme (repeated measurement of the organisation) this campaign is a wave of.
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("programmes.id", ondelete="SET NULL"), index=True
    )
    study_id: Mapped[int | None] = mapped_column(ForeignKey("studies.id", ondelete="RESTRICT"))
    questionnaire_bank_id: Mapped[int | None] = mapped_column(
        ForeignKey("questionnaire_banks.id", ondelete="RESTRICT")
    )
    languages: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["fr", "en"])
    state: Mapped[str] = mapped_column(String(20), default=CampaignState.DRAFT)
    opens_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closes_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    policy_locked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    individual_results: Mapped[str] = mapped_column(
        String(20), default=IndividualResults.PSEUDONYMOUS
    )
    min_group_size_questionnaire: Mapped[int] = mapped_column(Integer, default=5)
    min_group_size_iat: Mapped[int] = mapped_column(Integer, default=10)
    employee_feedback: Mapped[bool] = mapped_column(Boolean, default=True)
    # Whether completions through a team's open link count toward the minimum group sizes
    # (anyone can use an open link, so by default they cannot pad a team above the minimum).
    open_link_counts_toward_minimum: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    retention_days: Mapped[int] = mapped_column(Integer, default=365)
    controller: Mapped[str] = mapped_column(Text, default="")
    dpo_contact: Mapped[str] = mapped_column(Text, default="")
    purpose: Mapped[str] = mapped_column(Text, default="")
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    recipients: Mapped[str] = mapped_column(Text, default="")
    # Free texts per campaign language, shown to participants or mailed to them:
    # {"fr": {"purpose": …, "legal_basis": …, "invitation_subject": …, "invitation_body": …,
    # "reminder_subject": …, "reminder_body": …}, "en": {…}}; a missing key means the default.
    texts: Mapped[dict[str, dict[str, str]]] = mapped_column(
        JSON, default=dict, server_default="{}"
    )
    # Scheduled reminders: days after a person's invitation e-mail, to those not finished.
    reminder_days: Mapped[list[int]] = mapped_column(JSON, default=list, server_default="[]")


class CampaignTeam(Base):
    """Which teams a campaign covers."""

    __tablename__ = "campaign_teams"

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    team_id: Mapped[int] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )


class Invitation(CreatedAtMixin, HashedTokenMixin, Base):
    """A personal link. Only the SHA-256 of the token is stored; minting never revokes one."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    first_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class OpenLink(CreatedAtMixin, HashedTokenMixin, Base):
    """A team's open link: each visitor becomes a new pseudonymous participant."""

    __tablename__ = "open_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
