"""The one access-filtered statement per domain (issue 14, item 1): teams and participants a
scope may read. HR admin and research token: their organisation; manager: their teams and the
teams below them (``scope_for`` unfolds the tree); platform admin: nobody."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from app.accounts import repository as hr_users
from app.accounts.scope import scope_for
from app.domain import HRRole
from app.organisations import teams_repository as teams
from app.participants import repository as participants
from app.scope import Scope
from tests.support.hr import make_user
from tests.support.hr_world import add_person, flatten_teams, make_world


@pytest.fixture(autouse=True)
def _team_trees(db: Session) -> Iterator[None]:
    yield
    flatten_teams(db)


def test_each_scope_reads_the_teams_and_people_of_its_reach(db: Session) -> None:
    world = make_world(db, {"Sales": None, "East": "Sales", "North": "East", "Ops": None})
    other = make_world(db, {"Abroad": None}, org_name="Other")
    people = {team: add_person(db, world, team).id for team in ("Sales", "North", "Ops")}
    stranger = add_person(db, other, "Abroad").id
    manager = make_user(db, "boss@org.fr", HRRole.MANAGER, world.organisation.id)
    hr_users.set_manager_teams(db, manager.id, [world.teams["East"].id])
    db.commit()
    cases = {
        "admin": (Scope(world.organisation.id), {"Sales", "East", "North", "Ops"}),
        "manager": (scope_for(db, manager), {"East", "North"}),
        "platform": (Scope(None), set()),
    }
    for name, (scope, reached) in cases.items():
        read = {t.name for t in teams.list_teams(db, scope)}
        assert read == reached, name
        mine = {p.id for p in db.scalars(participants.readable_participants(scope))}
        assert mine == {pid for team, pid in people.items() if team in reached}, name
        assert stranger not in mine and teams.get_team(db, scope, other.teams["Abroad"].id) is None
    manager_scope = scope_for(db, manager)
    campaign = world.campaign.id
    assert participants.get_participant(db, manager_scope, campaign, people["Ops"]) is None
    assert participants.get_participant(db, manager_scope, campaign, people["North"]) is not None
    assert [row[0].id for row in participants.roster(db, manager_scope, campaign)] == [
        people["North"]
    ]
