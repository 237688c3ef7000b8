"""A campaign's instruments chosen by key (built-in ones stored once per version, or the
organisation's own study).

Both ways of creating a campaign (HR workspace, research API) resolve their ``study`` and
``questionnaire`` keys here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.db.models import Study
from app.errors import InvalidInput
from app.i18n import N_
from app.instruments import editing
from app.instruments import repository as instrument_repo
from iat import UnknownStudyError, load_builtin_study, study_document
from iat.questionnaire import load_builtin_questionnaire
from iat.questionnaire_errors import UnknownQuestionnaireError


@dataclass(frozen=True)
class InstrumentIds:
    study_id: int | None
    questionnaire_bank_id: int | None


def _study_id(db: Session, key: str, organisation_id: int | None) -> int:
    own = editing.latest_version(db, organisation_id, key) if organisation_id else None
    if own is not None:
        return own.id
    try:
        definition = load_builtin_study(key)
    except (UnknownStudyError, ValueError, KeyError, FileNotFoundError) as exc:
        raise InvalidInput(f"study: {exc}") from exc
    document = study_document(definition)
    return instrument_repo.get_or_add_study(db, definition.id, definition.version, document).id


def _bank_id(db: Session, key: str) -> int:
    try:
        bank = load_builtin_questionnaire(key)
    except (UnknownQuestionnaireError, ValueError, KeyError, FileNotFoundError) as exc:
        raise InvalidInput(f"questionnaire: {exc}") from exc
    document = bank.model_dump(mode="json")
    return instrument_repo.get_or_add_questionnaire_bank(db, bank.name, bank.version, document).id


def stored_instruments(
    db: Session, study: str | None, questionnaire: str | None, organisation_id: int | None = None
) -> InstrumentIds:
    """The stored study and bank for these keys (None: not used); InvalidInput when both are
    None or a key names no instrument. A study key names a built-in study or the
    organisation's own (its newest version)."""
    if study is None and questionnaire is None:
        raise InvalidInput(N_("a campaign needs an IAT study, a questionnaire, or both"))
    return InstrumentIds(
        study_id=_study_id(db, study, organisation_id) if study is not None else None,
        questionnaire_bank_id=_bank_id(db, questionnaire) if questionnaire is not None else None,
    )


def check_study_languages(db: Session, study_id: int | None, languages: list[str]) -> None:
    """InvalidInput when the campaign's study is not written in one of its languages (a
    participant choosing that language could not be given the test)."""
    study = db.get(Study, study_id) if study_id is not None else None
    offered = study.definition.get("languages", []) if study is not None else languages
    for language in languages:
        if language not in offered:
            message = N_("languages: the study is not written in {language}")
            raise InvalidInput(message, language=language)
