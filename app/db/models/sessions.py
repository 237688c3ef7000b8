"""A participant's run of a campaign (DESIGN §2 state machine)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    ColumnElement,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    and_,
    func,
    select,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, column_property, mapped_column, validates

from app.db.base import Base, CreatedAtMixin, enum_check, utc_now
from app.db.models.responses import BlockUpload
from app.domain import InputModality, Pairing, SessionState, Side
from iat import SessionPlan
from iat.blocks import MAX_BLOCKS


class SessionPlanJSON(TypeDecorator[SessionPlan]):
    """A :class:`iat.SessionPlan` stored as its JSON: dumped on write, validated on read."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: SessionPlan | None, dialect: Dialect) -> Any:
        return None if value is None else value.model_dump(mode="json")

    def process_result_value(self, value: Any, dialect: Dialect) -> SessionPlan | None:
        return None if value is None else SessionPlan.model_validate(value)


class ParticipantSession(CreatedAtMixin, Base):
    """One participant's session: seed, counterbalancing, device and progress.

    ``plan`` keeps the generated trial sequence (expected stimuli per block) so an upload is
    checked without regenerating it. ``block_keys`` condenses it per block (role, pairing,
    stage, SHA-256 of the expected trials) so the upload hot path reads ~1 KB instead of the
    whole plan; assigning ``plan`` clears it, so keys never outlive the plan they came from,
    and sets ``n_blocks``, the plan's block count (any plan of 1 to 20 blocks, iat.BlockPlan).
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
        CheckConstraint(
            f"n_blocks IS NULL OR n_blocks BETWEEN 1 AND {MAX_BLOCKS}", name="n_blocks_range"
        ),
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
    plan: Mapped[SessionPlan | None] = mapped_column(SessionPlanJSON)
    n_blocks: Mapped[int | None] = mapped_column(Integer)
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
    def _plan_changed(self, _key: str, plan: SessionPlan | None) -> SessionPlan | None:
        # Keys derive from the plan: whoever sets a new plan (or erases it) must not leave
        # stale keys behind; start_iat stores fresh ones right after the plan.
        self.block_keys = None
        self.n_blocks = None if plan is None else len(plan.blocks)
        return plan

    @hybrid_property
    def iat_complete(self) -> bool:
        """Every block of the session's plan is stored: THE definition of a finished timed
        test (also as SQL, ``ParticipantSession.iat_complete``, for the populations that
        count finished tests)."""
        return self.n_blocks is not None and self.blocks_done >= self.n_blocks

    @iat_complete.inplace.expression
    @classmethod
    def _iat_complete_sql(cls) -> ColumnElement[bool]:
        return and_(cls.n_blocks.is_not(None), cls.blocks_done >= cls.n_blocks)
