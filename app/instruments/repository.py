"""Queries on stored instrument versions (studies, questionnaire banks)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import QuestionnaireBank, Study


def get_or_add_study(db: Session, key: str, content_hash: str, definition: dict[str, Any]) -> Study:
    """The stored study with this key and hash, adding it if new (versions are immutable)."""
    query = select(Study).where(Study.study_key == key, Study.content_hash == content_hash)
    study = db.scalars(query).one_or_none()
    if study is None:
        study = Study(study_key=key, content_hash=content_hash, definition=definition)
        db.add(study)
        db.flush()
    return study


def get_or_add_questionnaire_bank(
    db: Session, key: str, content_hash: str, definition: dict[str, Any]
) -> QuestionnaireBank:
    query = select(QuestionnaireBank).where(
        QuestionnaireBank.bank_key == key, QuestionnaireBank.content_hash == content_hash
    )
    bank = db.scalars(query).one_or_none()
    if bank is None:
        bank = QuestionnaireBank(bank_key=key, content_hash=content_hash, definition=definition)
        db.add(bank)
        db.flush()
    return bank
