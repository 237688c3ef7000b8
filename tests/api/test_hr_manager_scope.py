"""A manager sees only campaigns and figures of their own teams (issue 13, item 3), through HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.accounts import repository as hr_users
from app.domain import HRRole
from tests.support.hr import login, make_user
from tests.support.hr_world import World, add_person, flatten_teams, make_world, uniform_answers


@pytest.fixture(autouse=True)
def _team_trees(db: Session, client: TestClient) -> Iterator[None]:
    """Set up after ``client``, so torn down before its truncation."""
    yield
    flatten_teams(db)


def _manager_of(client: TestClient, db: Session, world: World, team: str) -> None:
    manager = make_user(db, "boss@org.fr", HRRole.MANAGER, world.organisation.id)
    hr_users.set_manager_teams(db, manager.id, [world.teams[team].id])
    db.commit()
    login(client, "boss@org.fr")


def test_manager_reads_dashboard_export_codebook_and_charts_of_a_campaign_of_other_teams(
    client: TestClient, db: Session
) -> None:
    # The campaign covers Ops only; the manager has Sales (in the same organisation).
    world = make_world(db, {"Sales": None, "Ops": None}, campaign_teams=["Ops"])
    for d in (0.1, 0.2, 0.3):
        add_person(db, world, "Ops", d=d, subscales={"LEAD": 3.0})
    db.commit()
    _manager_of(client, db, world, "Sales")
    base = f"/api/v1/hr/campaigns/{world.campaign.id}"
    answers = [
        client.get(f"{base}/dashboard"),
        client.post(f"{base}/exports", json={"kind": "team", "format": "csv"}),
        client.get(f"{base}/exports/team/codebook.csv"),
        client.get(f"/hr/campaigns/{world.campaign.id}/dashboard"),
        client.get(f"/hr/campaigns/{world.campaign.id}/dashboard/charts/heatmap.svg"),
        client.get(f"/hr/campaigns/{world.campaign.id}/exports"),
    ]
    assert [r.status_code for r in answers] == [404] * len(answers)
    assert answers[0].json()["error"] == "NotFound"
    assert world.campaign.id not in [c["id"] for c in client.get("/api/v1/hr/campaigns").json()]


def test_manager_reliability_is_computed_from_people_outside_their_teams(
    client: TestClient, db: Session
) -> None:
    # Minimum 3. Sales (the manager's): LEAD 3, 4, 5 and D .1 .2 .3; Ops: LEAD 1, 2, 3 and D.
    # HR's sample figures use all 6 people (α over 6, ICC across the 2 teams). The manager's
    # use only Sales' 3: α over n = 3, no ICC (one team), split-half over 3 D scores.
    world = make_world(db, {"Sales": None, "Ops": None})
    for team, values in (("Sales", (3, 4, 5)), ("Ops", (1, 2, 3))):
        for v in values:
            add_person(
                db,
                world,
                team,
                d=v / 10,
                subscales={"LEAD": float(v)},
                answers=uniform_answers("LEAD", v),
            )
    db.commit()
    _manager_of(client, db, world, "Sales")
    body = client.get(f"/api/v1/hr/campaigns/{world.campaign.id}/dashboard").json()
    lead = next(r for r in body["subscale_reliability"] if r["code"] == "LEAD")
    assert lead["n"] == 3
    assert lead["icc1"] is None and lead["icc2"] is None
    assert body["d_split_half"]["n"] == 3
    assert [g["name"] for g in body["groups"]] == ["Sales"]
    assert body["context_breakdowns"] == []
    sales_lead = body["groups"][0]["questionnaire"]["subscales"][0]
    assert (sales_lead["code"], sales_lead["score"]["mean"]) == ("LEAD", pytest.approx(4.0))
    # the team's mean reliability uses ICC(1) of the manager's people only: undefined here
    assert sales_lead["mean_reliability"] is None
