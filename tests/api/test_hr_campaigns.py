"""Campaigns and teams: roles, the policy lock, state changes, organisation boundaries."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.domain import HRRole
from tests.support.hr import (
    campaign_body,
    login,
    make_campaign,
    make_team,
    make_user,
    organisation,
    unlink_team_tree,
)


@pytest.fixture(autouse=True)
def _team_tree_cleanup(client: TestClient, db: Session) -> Iterator[None]:
    yield
    unlink_team_tree(db)


@pytest.fixture
def two_orgs(db: Session) -> tuple[int, int]:
    org_a, org_b = organisation(db, "A"), organisation(db, "B")
    make_user(db, "admin@a.example", HRRole.HR_ADMIN, org_a.id)
    make_user(db, "admin@b.example", HRRole.HR_ADMIN, org_b.id)
    make_user(db, "m@a.example", HRRole.MANAGER, org_a.id)
    return org_a.id, org_b.id


def test_create_campaign_defaults_to_the_design_policy(
    client: TestClient, two_orgs: tuple[int, int]
) -> None:
    login(client, "admin@a.example")
    team = make_team(client, "Support")
    response = client.post("/api/v1/hr/campaigns", json=campaign_body(team_ids=[team]))
    assert response.status_code == 201
    detail = response.json()
    campaign = detail["campaign"]
    assert campaign["state"] == "draft" and campaign["individual_results"] == "pseudonymous"
    assert (campaign["min_group_size_questionnaire"], campaign["min_group_size_iat"]) == (5, 10)
    assert campaign["study_id"] is not None and campaign["questionnaire_bank_id"] is not None
    assert detail["team_ids"] == [team] and detail["counts"]["participants"] == 0


@pytest.mark.parametrize(
    "change",
    [
        {"min_group_size_iat": 2},
        {"min_group_size_questionnaire": 1},
        {"individual_results": "everyone"},
        {"languages": []},
        {"study": None, "questionnaire": None},
        {"opens_at": "2026-12-01T00:00:00Z", "closes_at": "2026-11-01T00:00:00Z"},
        {"study": "no-such-study"},
    ],
)
def test_invalid_campaigns_are_refused(
    client: TestClient, two_orgs: tuple[int, int], change: dict[str, object]
) -> None:
    login(client, "admin@a.example")
    response = client.post("/api/v1/hr/campaigns", json=campaign_body() | change)
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "InvalidInput"


def test_policy_is_locked_once_open_and_states_move_forward_only(
    client: TestClient, two_orgs: tuple[int, int]
) -> None:
    login(client, "admin@a.example")
    campaign_id = make_campaign(client)
    url = f"/api/v1/hr/campaigns/{campaign_id}"
    assert client.patch(url, json={"min_group_size_iat": 12}).status_code == 200
    assert client.post(f"{url}/close").status_code == 409
    opened = client.post(f"{url}/open").json()["campaign"]
    assert opened["state"] == "open" and opened["policy_locked_at"] is not None
    locked = client.patch(url, json={"retention_days": 30})
    assert locked.status_code == 409 and "retention_days" in locked.json()["detail"]
    assert client.patch(url, json={"name": "Renamed"}).json()["campaign"]["name"] == "Renamed"
    closed = client.post(f"{url}/close").json()["campaign"]
    assert closed["state"] == "closed" and closed["closes_at"] is not None
    assert client.post(f"{url}/archive").json()["campaign"]["state"] == "archived"
    assert client.patch(url, json={"name": "Again"}).status_code == 409


def test_another_organisation_sees_nothing_whatever_the_id(
    client: TestClient, two_orgs: tuple[int, int]
) -> None:
    login(client, "admin@a.example")
    team_a = make_team(client, "Support")
    campaign_id = make_campaign(client)
    login(client, "admin@b.example")
    assert client.get("/api/v1/hr/campaigns").json() == []
    url = f"/api/v1/hr/campaigns/{campaign_id}"
    assert client.get(url).status_code == 404
    assert client.patch(url, json={"name": "x"}).status_code == 404
    assert client.post(f"{url}/open").status_code == 404
    assert client.get(f"{url}/participants").status_code == 404
    own = make_campaign(client, "B's")
    own_url = f"/api/v1/hr/campaigns/{own}"
    assert client.patch(own_url, json={"team_ids": [team_a]}).status_code == 404
    assert (
        client.post("/api/v1/hr/teams", json={"name": "x", "parent_id": team_a}).status_code == 404
    )


def test_manager_reads_campaigns_of_their_teams_and_changes_nothing(
    client: TestClient, db: Session, two_orgs: tuple[int, int]
) -> None:
    login(client, "admin@a.example")
    mine, other = make_team(client, "Mine"), make_team(client, "Other")
    visible = make_campaign(client, "Visible", team_ids=[mine])
    hidden = make_campaign(client, "Hidden", team_ids=[other])
    manager_id = [u for u in client.get("/api/v1/hr/users").json() if u["role"] == "manager"]
    client.patch(f"/api/v1/hr/users/{manager_id[0]['id']}", json={"team_ids": [mine]})
    login(client, "m@a.example")
    assert [c["id"] for c in client.get("/api/v1/hr/campaigns").json()] == [visible]
    assert client.get(f"/api/v1/hr/campaigns/{visible}").status_code == 200
    assert client.get(f"/api/v1/hr/campaigns/{hidden}").status_code == 404
    assert client.post("/api/v1/hr/campaigns", json=campaign_body()).status_code == 403
    assert client.post(f"/api/v1/hr/campaigns/{visible}/open").status_code == 403
    assert client.get(f"/api/v1/hr/campaigns/{visible}/participants").status_code == 403
    assert client.get("/api/v1/hr/audit").status_code == 403
