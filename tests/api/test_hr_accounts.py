"""Accounts: who creates whom, disabling, manager teams, one-time reset links, scoping."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.domain import HRRole
from tests.support.hr import (
    PASSWORD,
    login,
    make_team,
    make_user,
    organisation,
    unlink_team_tree,
)

NEW_PASSWORD = "a brand new long password"


@pytest.fixture(autouse=True)
def _team_tree_cleanup(client: TestClient, db: Session) -> Iterator[None]:
    yield
    unlink_team_tree(db)


def _reset_token(url: str) -> str:
    return url.rsplit("/", 1)[1]


def test_platform_admin_creates_an_organisation_and_its_first_hr_admin(
    client: TestClient, db: Session
) -> None:
    make_user(db, "root@platform.example", HRRole.PLATFORM_ADMIN)
    login(client, "root@platform.example")
    org = client.post("/api/v1/hr/organisations", json={"name": "Acme"}).json()
    created = client.post(
        "/api/v1/hr/users",
        json={"email": "Boss@Acme.example", "role": "hr_admin", "organisation_id": org["id"]},
    )
    assert created.status_code == 201
    body = created.json()
    assert body["user"]["email"] == "boss@acme.example"
    assert body["reset_link"]["reset_url"].startswith("http://127.0.0.1:8000/hr/reset/")
    # the platform admin sees no participant data
    assert client.get("/api/v1/hr/campaigns").status_code == 403
    assert client.post("/api/v1/hr/logout").status_code == 204
    # the new admin cannot sign in before setting a password through the one-time link
    assert client.post(
        "/api/v1/hr/login", json={"email": "boss@acme.example", "password": ""}
    ).status_code in (401, 422)
    token = _reset_token(body["reset_link"]["reset_url"])
    payload = {"token": token, "password": NEW_PASSWORD}
    assert client.post("/api/v1/hr/password-reset", json=payload).status_code == 204
    assert client.post("/api/v1/hr/password-reset", json=payload).status_code == 410
    login(client, "boss@acme.example", NEW_PASSWORD)
    assert client.get("/api/v1/hr/campaigns").json() == []


def test_hr_admin_manages_own_organisation_only(client: TestClient, db: Session) -> None:
    org_a, org_b = organisation(db, "A"), organisation(db, "B")
    make_user(db, "admin@a.example", HRRole.HR_ADMIN, org_a.id)
    other = make_user(db, "admin@b.example", HRRole.HR_ADMIN, org_b.id)
    login(client, "admin@a.example")
    assert client.get("/api/v1/hr/organisations").status_code == 403
    manager = client.post(
        "/api/v1/hr/users", json={"email": "m@a.example", "role": "manager"}
    ).json()["user"]
    assert manager["organisation_id"] == org_a.id
    forbidden = client.post(
        "/api/v1/hr/users", json={"email": "x@a.example", "role": "platform_admin"}
    )
    assert forbidden.status_code == 403
    foreign = client.post(
        "/api/v1/hr/users",
        json={"email": "y@a.example", "role": "manager", "organisation_id": org_b.id},
    )
    assert foreign.status_code == 404
    emails = [u["email"] for u in client.get("/api/v1/hr/users").json()]
    assert emails == ["admin@a.example", "m@a.example"]
    for method, path in (
        ("patch", f"/api/v1/hr/users/{other.id}"),
        ("post", f"/api/v1/hr/users/{other.id}/reset-link"),
    ):
        assert client.request(method, path, json={"active": False}).status_code == 404


def test_disabling_an_account_signs_it_out_and_blocks_login(
    client: TestClient, db: Session
) -> None:
    org = organisation(db, "A")
    make_user(db, "admin@a.example", HRRole.HR_ADMIN, org.id)
    manager = make_user(db, "m@a.example", HRRole.MANAGER, org.id)
    other_client = TestClient(client.app)
    login(other_client, "m@a.example")
    login(client, "admin@a.example")
    response = client.patch(f"/api/v1/hr/users/{manager.id}", json={"active": False})
    assert response.status_code == 200 and response.json()["active"] is False
    assert other_client.get("/api/v1/hr/me").status_code == 401
    again = other_client.post(
        "/api/v1/hr/login", json={"email": "m@a.example", "password": PASSWORD}
    )
    assert again.status_code == 401
    me = client.get("/api/v1/hr/me").json()["user"]["id"]
    assert client.patch(f"/api/v1/hr/users/{me}", json={"active": False}).status_code == 409


def test_manager_teams_include_the_teams_below(client: TestClient, db: Session) -> None:
    org = organisation(db, "A")
    make_user(db, "admin@a.example", HRRole.HR_ADMIN, org.id)
    manager = make_user(db, "m@a.example", HRRole.MANAGER, org.id)
    login(client, "admin@a.example")
    sales = make_team(client, "Sales")
    north = make_team(client, "Sales North", sales)
    make_team(client, "Finance")
    response = client.patch(f"/api/v1/hr/users/{manager.id}", json={"team_ids": [sales]})
    assert response.json()["team_ids"] == [sales]
    login(client, "m@a.example")
    assert sorted(t["id"] for t in client.get("/api/v1/hr/teams").json()) == sorted([sales, north])
    assert client.get("/api/v1/hr/users").status_code == 403
    assert client.post("/api/v1/hr/teams", json={"name": "Mine"}).status_code == 403


def test_reset_link_revokes_sessions_and_works_once(client: TestClient, db: Session) -> None:
    org = organisation(db, "A")
    make_user(db, "admin@a.example", HRRole.HR_ADMIN, org.id)
    manager = make_user(db, "m@a.example", HRRole.MANAGER, org.id)
    manager_client = TestClient(client.app)
    login(manager_client, "m@a.example")
    login(client, "admin@a.example")
    link = client.post(f"/api/v1/hr/users/{manager.id}/reset-link").json()
    token = _reset_token(link["reset_url"])
    short = client.post("/api/v1/hr/password-reset", json={"token": token, "password": "short"})
    assert short.status_code == 422
    payload = {"token": token, "password": NEW_PASSWORD}
    assert client.post("/api/v1/hr/password-reset", json=payload).status_code == 204
    assert manager_client.get("/api/v1/hr/me").status_code == 401
    login(manager_client, "m@a.example", NEW_PASSWORD)
