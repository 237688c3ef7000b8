"""The organisation's team tree."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.audit.log import record_hr
from app.db.models import HRUser
from app.errors import Conflict, NotFound
from app.i18n import N_
from app.organisations import repository as org_repo
from app.organisations import teams_repository as hr_teams
from app.organisations.schemas import TeamCreate, TeamRead


def list_teams(db: Session, scope: HRScope) -> list[TeamRead]:
    """The teams the user may see (managers: theirs and those below), sorted by name."""
    scope.require_organisation()  # platform admins: Forbidden, as on every HR data route
    return [TeamRead.model_validate(t) for t in hr_teams.list_teams(db, scope)]


def create_team(db: Session, actor: HRUser, scope: HRScope, body: TeamCreate) -> TeamRead:
    organisation_id = scope.require_organisation()
    name = body.name.strip()
    if body.parent_id is not None and hr_teams.get_team(db, scope, body.parent_id) is None:
        raise NotFound(
            N_("parent_id: no team {team_id} in this organisation"), team_id=body.parent_id
        )
    if org_repo.get_team_by_name(db, organisation_id, name) is not None:
        raise Conflict(N_("a team named '{name}' already exists"), name=name)
    team = org_repo.add_team(db, organisation_id, name, body.parent_id)
    record_hr(db, actor, "team.create", organisation_id=organisation_id, target=("team", team.id))
    db.commit()
    return TeamRead.model_validate(team)
