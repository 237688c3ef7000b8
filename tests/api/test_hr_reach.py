"""Every HR route that takes a team or a participant id reads it through the caller's reach
(issue 14, item 1): another organisation's ids answer 404, a manager sees only their teams and
those below them, and acts on nobody (the routes that change teams or people are HR admins')."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import repository as hr_users
from app.db.models import OpenLink, Participant
from app.domain import HRRole
from tests.support.hr import campaign_body, login, make_user
from tests.support.hr_world import World, add_person, flatten_teams, make_world

TREE: dict[str, str | None] = {"Sales": None, "Sales East": "Sales", "Ops": None}


@pytest.fixture(autouse=True)
def _team_trees(db: Session, client: TestClient) -> Iterator[None]:
    """Set up after ``client``, so torn down before its truncation."""
    yield
    flatten_teams(db)


def _worlds(db: Session) -> tuple[World, World, Participant]:
    """Org A (a draft campaign, where links can be made) and org B, with one person in B."""
    ours = make_world(db, TREE, org_name="A", state="draft")
    theirs = make_world(db, {"Abroad": None}, org_name="B", state="draft")
    add_person(db, ours, "Ops")
    stranger = add_person(db, theirs, "Abroad", identity=("Zoé Autre", "zoe@b.example"))
    db.commit()
    return ours, theirs, stranger


def _untouched(db: Session, person: Participant) -> None:
    db.expire_all()
    assert db.get(Participant, person.id).withdrawn_at is None  # type: ignore[union-attr]
    assert db.scalars(select(OpenLink)).all() == []


def test_another_organisations_team_and_participant_ids_answer_404(
    client: TestClient, db: Session
) -> None:
    ours, theirs, stranger = _worlds(db)
    make_user(db, "hr@a.example", HRRole.HR_ADMIN, ours.organisation.id)
    manager = make_user(db, "boss@a.example", HRRole.MANAGER, ours.organisation.id)
    login(client, "hr@a.example")
    team, campaign = theirs.teams["Abroad"].id, ours.campaign.id
    answers = {
        "open link": client.post(f"/api/v1/hr/campaigns/{campaign}/teams/{team}/open-link"),
        "open link page": client.post(f"/hr/campaigns/{campaign}/teams/{team}/open-link"),
        "erase": client.post(f"/api/v1/hr/campaigns/{campaign}/participants/{stranger.id}/erase"),
        "erase page": client.post(f"/hr/campaigns/{campaign}/participants/{stranger.id}/erase"),
        "erase there": client.post(
            f"/api/v1/hr/campaigns/{theirs.campaign.id}/participants/{stranger.id}/erase"
        ),
        "parent team": client.post("/api/v1/hr/teams", json={"name": "X", "parent_id": team}),
        "new campaign": client.post("/api/v1/hr/campaigns", json=campaign_body("X", [team])),
        "campaign teams": client.patch(
            f"/api/v1/hr/campaigns/{campaign}", json={"team_ids": [team]}
        ),
        "manager teams": client.patch(f"/api/v1/hr/users/{manager.id}", json={"team_ids": [team]}),
    }
    assert {name: r.status_code for name, r in answers.items()} == dict.fromkeys(answers, 404)
    assert "Abroad" not in [t["name"] for t in client.get("/api/v1/hr/teams").json()]
    assert [p["code"] for p in client.get(f"/api/v1/hr/campaigns/{campaign}/participants").json()]
    _untouched(db, stranger)


def test_manager_reads_only_their_teams_and_those_below(client: TestClient, db: Session) -> None:
    ours, _, _ = _worlds(db)
    manager = make_user(db, "boss@a.example", HRRole.MANAGER, ours.organisation.id)
    hr_users.set_manager_teams(db, manager.id, [ours.teams["Sales"].id])
    db.commit()
    login(client, "boss@a.example")
    names = [t["name"] for t in client.get("/api/v1/hr/teams").json()]
    assert names == ["Sales", "Sales East"]
    assert "Ops" not in client.get("/hr/teams").text


def test_manager_cannot_act_on_a_team_or_person_outside_their_teams(
    client: TestClient, db: Session
) -> None:
    # The campaign covers every team, so the manager reaches it; Ops and its person are not
    # theirs. Changing teams or people is an HR admin's: the role answers before the reach.
    ours, _, _ = _worlds(db)
    person = db.scalars(
        select(Participant).where(Participant.campaign_id == ours.campaign.id)
    ).one()
    manager = make_user(db, "boss@a.example", HRRole.MANAGER, ours.organisation.id)
    hr_users.set_manager_teams(db, manager.id, [ours.teams["Sales"].id])
    db.commit()
    login(client, "boss@a.example")
    base, team = ours.campaign.id, ours.teams["Ops"].id
    answers = [
        client.post(f"/api/v1/hr/campaigns/{base}/teams/{team}/open-link"),
        client.post(f"/hr/campaigns/{base}/teams/{team}/open-link"),
        client.post(f"/api/v1/hr/campaigns/{base}/participants/{person.id}/erase"),
        client.post(f"/hr/campaigns/{base}/participants/{person.id}/erase"),
        client.get(f"/api/v1/hr/campaigns/{base}/participants"),
        client.post("/api/v1/hr/teams", json={"name": "X", "parent_id": team}),
    ]
    assert [r.status_code for r in answers] == [403] * len(answers)
    _untouched(db, person)
