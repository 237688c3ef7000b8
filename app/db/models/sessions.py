"""A participant's run of a campaign (DESIGN §2 state machine)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    func,
    select,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column, validates

from app.db.base import Base, CreatedAtMixin, enum_check, utc_now
from app.db.models.responses import BlockUpload
from app.domain import InputModality, Pairing, SessionState, Side


class ParticipantSession(CreatedAtMixin, Base):
    """One participant's session: seed, counterbalancing, device and progress.

    ``plan`` keeps the generated trial sequence (expected stimuli per block) so an upload is
    checked without regenerating it. ``block_keys`` condenses it per block (role, pairing,
    stage, SHA-256 of the expected trials) so the upload hot path reads ~1 KB instead of the
    whole plan; assigning ``plan`` clears it, so keys never outlive the plan they came from.
    One session per participant (resuming reuses it).
    """

    __tablename__ = "participant_sessions"
    __table_args__ = (
        enum_check("state", SessionState),
        enum_check("first_pairing", Pairing),
        enum_check("target_a_side", Side),
        enum_check("attribute_pos_side", Side),
        CheckConstraint(
            "input_modality IS NULL OR input_modality IN ('keyboard', 'touch', 'none')",
            name="input_modality_valid",
        ),
        CheckConstraint("seed >= 0", name="seed_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), unique=True
    )
    study_id: Mapped[int | None] = mapped_column(ForeignKey("studies.id", ondelete="RESTRICT"))
    state: Mapped[str] = mapped_column(String(20), default=SessionState.INVITED, index=True)
    language: Mapped[str] = mapped_column(String(8), default="fr")
    seed: Mapped[int] = mapped_column(BigInteger)
    first_pairing: Mapped[str] = mapped_column(String(1))
    target_a_side: Mapped[str] = mapped_column(String(5))
    attribute_pos_side: Mapped[str] = mapped_column(String(5))
    plan: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    block_keys: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    input_modality: Mapped[str | None] = mapped_column(String(10), default=InputModality.KEYBOARD)
    user_agent_class: Mapped[str | None] = mapped_column(String(40))
    iat_skipped: Mapped[bool] = mapped_column(Boolean, default=False)
    iat_skip_reason: Mapped[str | None] = mapped_column(Text)
    # Derived, never written: the number of stored blocks (one receipt each, stored in order,
    # erased with the trials). Storing a block thus writes no session row, whose plan makes
    # it tens of KB (SQLite rewrites a whole row on update).
    blocks_done: Mapped[int] = column_property(
        select(func.count(BlockUpload.id))
        .where(BlockUpload.session_id == id)
        .correlate_except(BlockUpload)
        .scalar_subquery()
    )
    questionnaire_pages_done: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    consented_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    declined_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utc_now, onupdate=utc_now
    )

    @validates("plan")
    def _plan_changed(self, _key: str, plan: dict[str, Any] | None) -> dict[str, Any] | None:
        # Keys derive from the plan: whoever sets a new plan (or erases it) must not leave
        # stale keys behind; start_iat stores fresh ones right after the plan.
        self.block_keys = None
        return plan
