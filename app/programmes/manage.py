"""Programmes: create and list them (HR admins); load one for the trend pages."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.audit.log import record_hr
from app.db.models import HRUser, Programme
from app.errors import Conflict, NotFound
from app.i18n import N_
from app.programmes import repository as repo
from app.programmes.schemas import ProgrammeCreate, ProgrammeRead


def load_programme(db: Session, scope: HRScope, programme_id: int) -> Programme:
    """The programme if it belongs to the caller's organisation, else NotFound."""
    scope.require_organisation()
    programme = repo.get_programme(db, scope, programme_id)
    if programme is None:
        raise NotFound(N_("no programme {programme_id}"), programme_id=programme_id)
    return programme


def check_programme(db: Session, scope: HRScope, programme_id: int | None) -> None:
    """A campaign's ``programme_id`` must be one of the organisation's programmes (404)."""
    if programme_id is not None:
        load_programme(db, scope, programme_id)


def programme_read(db: Session, scope: HRScope, programme: Programme) -> ProgrammeRead:
    read = ProgrammeRead.model_validate(programme)
    ids = [c.id for c in repo.waves(db, scope, [programme.id])]
    return read.model_copy(update={"campaign_ids": ids})


def list_programmes(db: Session, scope: HRScope) -> list[ProgrammeRead]:
    scope.require_organisation()
    return [programme_read(db, scope, p) for p in repo.list_programmes(db, scope)]


def create_programme(
    db: Session, actor: HRUser, scope: HRScope, body: ProgrammeCreate
) -> ProgrammeRead:
    organisation_id = scope.require_organisation()
    name = body.name.strip()
    if not name:
        raise Conflict(N_("a programme needs a name"))
    if repo.name_taken(db, organisation_id, name):
        raise Conflict(N_("a programme named '{name}' already exists"), name=name)
    programme = repo.add_programme(db, Programme(organisation_id=organisation_id, name=name))
    record_hr(
        db, actor, "programme.create", organisation_id=organisation_id,
        target=("programme", programme.id),
    )  # fmt: skip
    db.commit()
    return programme_read(db, scope, programme)
