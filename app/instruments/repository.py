"""Queries on stored instrument versions (studies, questionnaire banks)."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from app.db.models import Campaign, QuestionnaireBank, Study, StudyImage
from app.domain import CampaignState

Instrument = TypeVar("Instrument", Study, QuestionnaireBank)


def get_or_add_study(db: Session, key: str, content_hash: str, definition: dict[str, Any]) -> Study:
    """The stored study with this key and hash, adding it if new (versions are immutable)."""
    found = Study(study_key=key, content_hash=content_hash, definition=definition)
    where = (Study.study_key == key, Study.content_hash == content_hash)
    return _get_or_add(db, found, *where, Study.organisation_id.is_(None))


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


# --- an organisation's own studies and images ------------------------------------------


def organisation_studies(db: Session, organisation_id: int) -> list[Study]:
    """Every version of the organisation's own studies, by key then version."""
    query = select(Study).where(Study.organisation_id == organisation_id)
    return list(db.scalars(query.order_by(Study.study_key, Study.version_number)))


def organisation_study(db: Session, organisation_id: int, study_id: int) -> Study | None:
    """One version of the organisation's own studies (another organisation's: None)."""
    query = select(Study).where(Study.id == study_id, Study.organisation_id == organisation_id)
    return db.scalars(query).one_or_none()


def versions_of(db: Session, organisation_id: int, key: str) -> list[Study]:
    """The versions of one of the organisation's studies, oldest first."""
    query = select(Study).where(Study.organisation_id == organisation_id, Study.study_key == key)
    return list(db.scalars(query.order_by(Study.version_number)))


def used_study_ids(db: Session, study_ids: list[int]) -> set[int]:
    """Which of these study versions a campaign that is no longer a draft uses."""
    query = select(Campaign.study_id).where(
        Campaign.study_id.in_(study_ids), Campaign.state != CampaignState.DRAFT
    )
    return {study_id for study_id in db.scalars(query.distinct()) if study_id is not None}


def image_by_hash(db: Session, sha256: str) -> StudyImage | None:
    return db.scalars(select(StudyImage).where(StudyImage.sha256 == sha256)).one_or_none()


def stored_image_hashes(db: Session, hashes: set[str]) -> set[str]:
    """Which of these image hashes are stored."""
    query = select(StudyImage.sha256).where(StudyImage.sha256.in_(hashes))
    return set(db.scalars(query))
