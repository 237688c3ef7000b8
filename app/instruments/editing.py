"""An organisation's own studies: save (create, edit in place or add a version), list, copy.

A version is immutable once a campaign that is no longer a draft (open, closed, archived)
uses it: saving then adds the next version and that campaign keeps its own. A version no such
campaign uses is edited in place. Built-in studies are templates: they are copied, never
edited. Every save is checked by ``iat`` (typed errors naming the field), for balance (each
pair of categories has as many stimuli) and for images (only pictures uploaded here).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.audit import repository as audit
from app.db.models import Study
from app.domain import ActorKind
from app.errors import Conflict, FieldProblem, Forbidden, InvalidFields, NotFound
from app.i18n import N_
from app.instruments import repository as repo
from app.instruments.study_problems import NOT_OUR_IMAGE, UNBALANCED, invalid_study
from app.scope import Scope
from iat import StudyDefinition, parse_study, study_document
from iat.catalogue import list_builtin_studies
from iat.errors import StudyDefinitionError
from iat.stimuli import ImageStimulus
from iat.vocabulary import Category

MEDIA_SRC = re.compile(r"^/media/(?P<sha256>[0-9a-f]{64})\.(png|jpg|webp)$")
_PAIRS = ((Category.TARGET_A, Category.TARGET_B), (Category.ATTRIBUTE_POS, Category.ATTRIBUTE_NEG))


@dataclass(frozen=True)
class Author:
    """Who saves: an HR user's id or a research token's, for the audit log."""

    kind: ActorKind
    actor_id: str


@dataclass(frozen=True)
class StoredStudy:
    """One version of an organisation study and whether a campaign has made it immutable."""

    study: Study
    used: bool


def _organisation(scope: Scope) -> int:
    if scope.organisation_id is None:
        raise Forbidden(N_("only an organisation's accounts have studies"))
    return scope.organisation_id


def study_key(organisation_id: int, slug: str) -> str:
    return f"o{organisation_id}:{slug}"


def check_study(db: Session, document: object) -> StudyDefinition:
    """The study ``document`` describes, or InvalidFields naming the field at fault."""
    try:
        study = parse_study(document)
    except StudyDefinitionError as exc:
        raise invalid_study(exc) from exc
    if study.id in {builtin.id for builtin in list_builtin_studies()}:
        raise InvalidFields(
            FieldProblem("id", N_("{id} is a built-in study's id"), {"id": study.id})
        )
    _check_balance(study)
    _check_images(db, study)
    return study


def _check_balance(study: StudyDefinition) -> None:
    for language in study.languages:
        for first, second in _PAIRS:
            counts = [len(study.categories.get(c).stimuli[language]) for c in (first, second)]
            if counts[0] != counts[1]:
                params = {"first": first.value, "second": second.value}
                params |= {"first_count": str(counts[0]), "second_count": str(counts[1])}
                field = f"categories.{second.value}.stimuli.{language}"
                raise InvalidFields(FieldProblem(field, UNBALANCED, params))


def _images(study: StudyDefinition) -> Iterator[tuple[str, ImageStimulus]]:
    for category, definition in study.categories.items():
        for language, stimuli in definition.stimuli.items():
            for stimulus in stimuli:
                if isinstance(stimulus, ImageStimulus):
                    yield f"categories.{category.value}.stimuli.{language}", stimulus


def _check_images(db: Session, study: StudyDefinition) -> None:
    """Every picture is one uploaded here (no other origin sees who takes the test)."""
    wanted: dict[str, FieldProblem] = {}
    for field, stimulus in _images(study):
        problem = FieldProblem(field, NOT_OUR_IMAGE, {"src": stimulus.src})
        found = MEDIA_SRC.match(stimulus.src)
        if found is None:
            raise InvalidFields(problem)
        wanted[found["sha256"]] = problem
    missing = set(wanted) - repo.stored_image_hashes(db, set(wanted))
    if missing:
        raise InvalidFields(wanted[min(missing)])


def save_study(db: Session, scope: Scope, author: Author, document: object) -> StoredStudy:
    """Store ``document`` as the organisation's study of that id: a first version, the
    latest version edited in place (never used), or a new version (the latest is used).
    Saving what the latest version already holds changes nothing."""
    organisation_id = _organisation(scope)
    study = check_study(db, document)
    key = study_key(organisation_id, study.id)
    versions = repo.versions_of(db, organisation_id, key)
    latest = versions[-1] if versions else None
    if latest is not None and latest.content_hash == study.version:
        return StoredStudy(latest, used=bool(repo.used_study_ids(db, [latest.id])))
    for version in versions:
        if version.content_hash == study.version:
            message = N_("this content is already version {number} of the study")
            raise Conflict(message, number=version.version_number)
    if latest is not None and not repo.used_study_ids(db, [latest.id]):
        latest.definition, latest.content_hash = study_document(study), study.version
        saved, action = latest, "study.update"
    else:
        number = (latest.version_number or 0) + 1 if latest is not None else 1
        saved = Study(study_key=key, content_hash=study.version, definition=study_document(study))
        saved.organisation_id, saved.version_number = organisation_id, number
        db.add(saved)
        action = "study.create" if latest is None else "study.version"
    try:
        db.flush()
        _audit(db, author, action, organisation_id, saved.id)
        db.commit()
    except IntegrityError as exc:  # another save of this study won the same version number
        db.rollback()
        raise Conflict(
            N_("the study was saved at the same moment by someone else: try again")
        ) from exc
    return StoredStudy(saved, used=False)


def _audit(db: Session, author: Author, action: str, organisation_id: int, study_id: int) -> None:
    audit.record(
        db,
        organisation_id=organisation_id,
        actor_kind=author.kind,
        actor_id=author.actor_id,
        action=action,
        target_kind="study",
        target_id=str(study_id),
    )


def list_studies(db: Session, scope: Scope) -> list[StoredStudy]:
    """Every version of the organisation's own studies, drafts included."""
    studies = repo.organisation_studies(db, _organisation(scope))
    used = repo.used_study_ids(db, [study.id for study in studies])
    return [StoredStudy(study, used=study.id in used) for study in studies]


def get_study(db: Session, scope: Scope, study_id: int) -> StoredStudy:
    """One version of the organisation's own studies; NotFound for anyone else's."""
    study = repo.organisation_study(db, _organisation(scope), study_id)
    if study is None:
        raise NotFound(N_("no study {study_id} in this organisation"), study_id=study_id)
    return StoredStudy(study, used=bool(repo.used_study_ids(db, [study.id])))


def template(study_id: str) -> dict[str, Any]:
    """A built-in study as the start of an organisation's own (id ``<id>-copy``)."""
    for builtin in list_builtin_studies():
        if builtin.id == study_id:
            return {**builtin.model_dump(mode="json"), "id": f"{builtin.id}-copy"}
    raise NotFound(N_("no built-in study {study_id}"), study_id=study_id)


def latest_version(db: Session, organisation_id: int, slug: str) -> Study | None:
    """The newest version of the organisation's study ``slug`` (what a new campaign runs)."""
    versions = repo.versions_of(db, organisation_id, study_key(organisation_id, slug))
    return versions[-1] if versions else None
