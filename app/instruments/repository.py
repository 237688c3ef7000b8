"""Queries on stored instrument versions (studies, questionnaire banks)."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from app.db.models import QuestionnaireBank, Study

Instrument = TypeVar("Instrument", Study, QuestionnaireBank)


def get_or_add_study(db: Session, key: str, content_hash: str, definition: dict[str, Any]) -> Study:
    """The stored study with this key and hash, adding it if new (versions are immutable)."""
    found = Study(study_key=key, content_hash=content_hash, definition=definition)
    return _get_or_add(db, found, Study.study_key == key, Study.content_hash == content_hash)


def get_or_add_questionnaire_bank(
    db: Session, key: str, content_hash: str, definition: dict[str, Any]
) -> QuestionnaireBank:
    """The stored bank with this key and hash, adding it if new (versions are immutable)."""
    found = QuestionnaireBank(bank_key=key, content_hash=content_hash, definition=definition)
    where = (QuestionnaireBank.bank_key == key, QuestionnaireBank.content_hash == content_hash)
    return _get_or_add(db, found, *where)


def _get_or_add(db: Session, new: Instrument, *where: ColumnElement[bool]) -> Instrument:
    """The stored version matching ``where``, else ``new`` once added."""
    stored = db.scalars(select(type(new)).where(*where)).one_or_none()
    if stored is not None:
        return stored
    db.add(new)
    db.flush()
    return new
