"""Immutable, versioned instrument definitions (IAT studies, questionnaire banks)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, CreatedAtMixin


class Study(CreatedAtMixin, Base):
    """One version of an IAT definition: canonical JSON and its content hash (the version)."""

    __tablename__ = "studies"
    __table_args__ = (UniqueConstraint("study_key", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    study_key: Mapped[str] = mapped_column(String(100))
    content_hash: Mapped[str] = mapped_column(String(64))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)


class QuestionnaireBank(CreatedAtMixin, Base):
    """One version of a questionnaire item bank."""

    __tablename__ = "questionnaire_banks"
    __table_args__ = (UniqueConstraint("bank_key", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_key: Mapped[str] = mapped_column(String(100))
    content_hash: Mapped[str] = mapped_column(String(64))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
