"""What a session produces: trials, block receipts, questionnaire answers, scores."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, CreatedAtMixin, enum_check
from app.domain import BlockRole, OnsetMethod, ScoreKind, Side
from iat.blocks import MAX_BLOCKS

# Foreign keys that PostgreSQL checks once per statement with triggers instead of once per
# row (migration 0006: trials are inserted by the thousand); SQLite keeps them as declared.
STATEMENT_CHECKED_FOREIGN_KEYS = frozenset({"fk_trials_session_id_participant_sessions"})

# BigInteger primary keys are plain INTEGER on SQLite so they stay rowid aliases.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Trial(CreatedAtMixin, Base):
    """One IAT trial with both latencies (first response and correct response), in ms."""

    __tablename__ = "trials"
    __table_args__ = (
        UniqueConstraint("session_id", "block_index", "trial_index"),
        CheckConstraint(f"block_index BETWEEN 1 AND {MAX_BLOCKS}", name="block_index_range"),
        CheckConstraint("trial_index >= 1", name="trial_index_positive"),
        CheckConstraint("pairing IS NULL OR pairing IN ('A', 'B')", name="pairing_valid"),
        CheckConstraint("stage IS NULL OR stage IN ('practice', 'test')", name="stage_valid"),
        CheckConstraint(
            "first_latency_ms > 0 AND first_latency_ms < 600000", name="first_latency_range"
        ),
        CheckConstraint(
            "latency_ms >= first_latency_ms AND latency_ms < 600000", name="latency_range"
        ),
        CheckConstraint("input_modality IN ('keyboard', 'touch')", name="input_modality_valid"),
        enum_check("block_role", BlockRole),
        enum_check("correct_side", Side),
        enum_check("onset_method", OnsetMethod),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # No index of its own: the unique (session_id, block_index, trial_index) index serves it.
    # On PostgreSQL this foreign key is kept by statement-level triggers (migration 0006).
    session_id: Mapped[int] = mapped_column(
        ForeignKey("participant_sessions.id", ondelete="CASCADE")
    )
    block_index: Mapped[int] = mapped_column(Integer)
    block_role: Mapped[str] = mapped_column(String(20))
    pairing: Mapped[str | None] = mapped_column(String(1))
    stage: Mapped[str | None] = mapped_column(String(10))
    trial_index: Mapped[int] = mapped_column(Integer)
    stimulus_id: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(20))
    correct_side: Mapped[str] = mapped_column(String(5))
    first_key: Mapped[str] = mapped_column(String(20))
    first_latency_ms: Mapped[float] = mapped_column(Float)
    error: Mapped[bool] = mapped_column(Boolean)
    latency_ms: Mapped[float] = mapped_column(Float)
    onset_method: Mapped[str] = mapped_column(String(12))
    input_modality: Mapped[str] = mapped_column(String(10))
    focus_lost: Mapped[bool] = mapped_column(Boolean, default=False)


class BlockUpload(CreatedAtMixin, Base):
    """Receipt of one uploaded block: makes uploads idempotent (same hash = same block)."""

    __tablename__ = "block_uploads"
    __table_args__ = (
        UniqueConstraint("session_id", "block_index"),
        CheckConstraint(f"block_index BETWEEN 1 AND {MAX_BLOCKS}", name="block_index_range"),
        CheckConstraint("length(payload_hash) = 64", name="payload_hash_sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # No index of its own: the unique (session_id, block_index) index serves session lookups.
    session_id: Mapped[int] = mapped_column(
        ForeignKey("participant_sessions.id", ondelete="CASCADE")
    )
    block_index: Mapped[int] = mapped_column(Integer)
    payload_hash: Mapped[str] = mapped_column(String(64))
    trial_count: Mapped[int] = mapped_column(Integer)


class QuestionnaireAnswer(CreatedAtMixin, Base):
    """One item's answer; ``value`` NULL = "don't know / not applicable" (never the midpoint)."""

    __tablename__ = "questionnaire_answers"
    __table_args__ = (
        UniqueConstraint("session_id", "item_id"),
        CheckConstraint("value IS NULL OR (value >= 1 AND value <= 7)", name="value_range"),
        CheckConstraint("page_index >= 0", name="page_index_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("participant_sessions.id", ondelete="CASCADE"), index=True
    )
    questionnaire_bank_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_banks.id", ondelete="RESTRICT")
    )
    item_id: Mapped[str] = mapped_column(String(40))
    value: Mapped[int | None] = mapped_column(Integer)
    page_index: Mapped[int] = mapped_column(Integer, default=0)


class Score(CreatedAtMixin, Base):
    """A derived score, never edited by hand, with everything needed to reproduce it.

    ``name`` is the variant (``D1``…``D6``) for IAT scores or the subscale (``LEAD``…) for
    questionnaire scores. ``value`` NULL means "not computable" (see ``details`` flags).
    """

    __tablename__ = "scores"
    __table_args__ = (
        UniqueConstraint("session_id", "kind", "name"),
        enum_check("kind", ScoreKind),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("participant_sessions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(40))
    value: Mapped[float | None] = mapped_column(Float)
    algorithm: Mapped[str] = mapped_column(String(60))
    options: Mapped[dict[str, Any]] = mapped_column(JSON)
    package_version: Mapped[str] = mapped_column(String(40))
    trials_kept: Mapped[int | None] = mapped_column(Integer)
    trials_dropped: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class QuestionnairePageReceipt(CreatedAtMixin, Base):
    """One saved questionnaire page: idempotent saves, and time spent (careless flags)."""

    __tablename__ = "questionnaire_page_receipts"
    __table_args__ = (
        UniqueConstraint("session_id", "page_index"),
        CheckConstraint("page_index >= 0", name="page_index_non_negative"),
        CheckConstraint("duration_ms IS NULL OR duration_ms >= 0", name="duration_non_negative"),
        CheckConstraint("length(payload_hash) = 64", name="payload_hash_sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("participant_sessions.id", ondelete="CASCADE"), index=True
    )
    page_index: Mapped[int] = mapped_column(Integer)
    payload_hash: Mapped[str] = mapped_column(String(64))
    duration_ms: Mapped[float | None] = mapped_column(Float)
    n_items: Mapped[int] = mapped_column(Integer)
