"""Versioned instrument definitions (IAT studies, questionnaire banks) and study images."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, CreatedAtMixin


class Study(CreatedAtMixin, Base):
    """One version of an IAT definition: canonical JSON and its content hash.

    Built-in studies have no ``organisation_id`` (``study_key`` is their id). An
    organisation's own study has its ``organisation_id``, ``study_key`` ``o<org>:<slug>``
    and a ``version_number`` (1, 2, ...); a version is immutable once a campaign that is not
    a draft uses it (editing then adds the next version), a never-used one is edited in place.
    """

    __tablename__ = "studies"
    __table_args__ = (
        UniqueConstraint("study_key", "content_hash"),
        Index("uq_studies_study_key_version", "study_key", "version_number", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    study_key: Mapped[str] = mapped_column(String(100))
    content_hash: Mapped[str] = mapped_column(String(64))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    # No foreign key: SQLite cannot add one to the existing table without copying it.
    organisation_id: Mapped[int | None] = mapped_column(Integer, index=True)
    version_number: Mapped[int | None] = mapped_column(Integer)


class StudyImage(CreatedAtMixin, Base):
    """An uploaded stimulus picture (PNG, JPEG or WebP, re-encoded and resized), served at
    ``/media/<sha256>.<ext>``; the hash is that of the stored bytes."""

    __tablename__ = "study_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    media_type: Mapped[str] = mapped_column(String(20))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )


class QuestionnaireBank(CreatedAtMixin, Base):
    """One version of a questionnaire item bank."""

    __tablename__ = "questionnaire_banks"
    __table_args__ = (UniqueConstraint("bank_key", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_key: Mapped[str] = mapped_column(String(100))
    content_hash: Mapped[str] = mapped_column(String(64))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
