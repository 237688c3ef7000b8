"""Dashboard JSON, page and charts through HTTP: roles, scope and suppression."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.accounts import repository as hr_users
from app.domain import HRRole
from tests.support.hr import login, make_user
from tests.support.hr_world import World, add_person, flatten_teams, make_world


@pytest.fixture(autouse=True)
def _team_trees(db: Session, client: TestClient) -> Iterator[None]:
    """Set up after ``client``, so torn down before its truncation."""
    yield
    flatten_teams(db)


@pytest.fixture
def world(db: Session) -> World:
    """Sales (3 scored) ⊃ North (3 scored); Ops (1 scored); minimum 3 for both measures."""
    world = make_world(db, {"Sales": None, "North": "Sales", "Ops": None})
    for d in (0.1, 0.2, 0.3):
        add_person(db, world, "Sales", d=d, subscales={"LEAD": 3.0, "CONN": 4.0, "AUTO": 2.0})
    for d in (0.4, 0.5, 0.6):
        add_person(db, world, "North", d=d, subscales={"LEAD": 4.0, "CONN": 4.0, "AUTO": 3.0})
    add_person(db, world, "Ops", d=0.9)
    db.commit()
    return world


def _url(world: World, suffix: str = "") -> str:
    return f"/api/v1/hr/campaigns/{world.campaign.id}/dashboard{suffix}"


def test_hr_admin_sees_every_group_with_suppressed_figures_null(
    client: TestClient, db: Session, world: World
) -> None:
    make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    login(client, "hr@org.fr")
    body = client.get(_url(world)).json()
    groups = {g["name"]: g for g in body["groups"]}
    assert list(groups) == ["Campagne entière / Whole campaign", "Ops", "Sales", "North"]
    assert groups["North"]["iat"]["d"]["n"] == 3
    # Ops (1) is below 3; campaign (7) − Sales (6) = 1 would reveal it, so Sales is withheld too
    assert groups["Ops"]["iat"] == {
        "suppressed": True,
        "withheld_reason": "small_group",
        "d": None,
        "bands": None,
        "excluded": None,
        "flagged": None,
        "skipped": None,
    }
    assert groups["Sales"]["iat"]["suppressed"] is True
    assert groups["Sales"]["iat"]["withheld_reason"] == "subtraction"
    assert groups["Campagne entière / Whole campaign"]["iat"]["d"]["n"] == 7
    assert "hiring" in body["usage_warning"]["en"] and "recruter" in body["usage_warning"]["fr"]
    assert body["d_distribution"] is not None


def test_manager_sees_only_their_teams_and_never_the_campaign_row(
    client: TestClient, db: Session, world: World
) -> None:
    manager = make_user(db, "boss@org.fr", HRRole.MANAGER, world.organisation.id)
    hr_users.set_manager_teams(db, manager.id, [world.teams["Sales"].id])
    db.commit()
    login(client, "boss@org.fr")
    body = client.get(_url(world)).json()
    assert [g["name"] for g in body["groups"]] == ["Sales", "North"]
    assert body["groups"][0]["iat"]["suppressed"] is True  # the same suppression as HR's
    assert body["groups"][1]["iat"]["d"]["mean"] == pytest.approx(0.5)


def test_platform_admin_sees_nothing_and_other_organisations_get_404(
    client: TestClient, db: Session, world: World
) -> None:
    make_user(db, "root@platform.fr", HRRole.PLATFORM_ADMIN)
    login(client, "root@platform.fr")
    assert client.get(_url(world)).status_code == 403
    other = make_world(db, {"Elsewhere": None}, org_name="Other")
    db.commit()
    make_user(db, "hr@other.fr", HRRole.HR_ADMIN, other.organisation.id)
    login(client, "hr@other.fr")
    response = client.get(_url(world))
    assert response.status_code == 404 and response.json()["error"] == "NotFound"
    assert (
        client.get(f"/hr/campaigns/{world.campaign.id}/dashboard/charts/heatmap.svg").status_code
        == 404
    )


def test_signed_out_gets_401_json_and_the_page_redirects(client: TestClient, world: World) -> None:
    assert client.get(_url(world)).status_code == 401
    page = client.get(f"/hr/campaigns/{world.campaign.id}/dashboard", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/hr/login")


def test_page_shows_warning_tables_and_chart_images(
    client: TestClient, db: Session, world: World
) -> None:
    make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    login(client, "hr@org.fr")
    page = client.get(f"/hr/campaigns/{world.campaign.id}/dashboard?lang=en")
    assert page.status_code == 200
    assert "must never be used for hiring, appraisal, pay or promotion" in page.text
    for name in ("iat-teams", "d-distribution", "heatmap"):
        assert f"/dashboard/charts/{name}.svg" in page.text
        svg = client.get(f"/hr/campaigns/{world.campaign.id}/dashboard/charts/{name}.svg")
        assert svg.status_code == 200 and svg.headers["content-type"] == "image/svg+xml"
        assert "<svg" in svg.text and 'href="http' not in svg.text
    assert (
        client.get(f"/hr/campaigns/{world.campaign.id}/dashboard/charts/nope.svg").status_code
        == 404
    )
