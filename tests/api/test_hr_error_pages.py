"""An HTML route never answers raw JSON: HR pages show the HR error page (issue 14, item 5)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.orm import Session

from app.accounts import repository as hr_users
from app.domain import HRRole
from tests.support.hr import login, make_user
from tests.support.hr_world import flatten_teams, make_world


@pytest.fixture(autouse=True)
def _team_trees(db: Session, client: TestClient) -> Iterator[None]:
    yield
    flatten_teams(db)


def _is_html_error(response: Response, status: int) -> bool:
    return (
        response.status_code == status
        and response.headers["content-type"].startswith("text/html")
        and 'class="hr-nav"' in response.text
    )


def test_unknown_campaign_page_is_an_html_404_with_the_hr_menu(
    client: TestClient, db: Session
) -> None:
    world = make_world(db, {"Sales": None})
    make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    db.commit()
    login(client, "hr@org.fr")
    for path in ("/hr/campaigns/999", "/hr/campaigns/999/dashboard", "/hr/campaigns/999/exports"):
        assert _is_html_error(client.get(path), 404), path
    api = client.get("/api/v1/hr/campaigns/999")
    assert api.status_code == 404 and api.json()["error"] == "NotFound"


def test_manager_404_on_a_campaign_of_other_teams_is_an_html_page(
    client: TestClient, db: Session
) -> None:
    world = make_world(db, {"Sales": None, "Ops": None}, campaign_teams=["Ops"])
    manager = make_user(db, "boss@org.fr", HRRole.MANAGER, world.organisation.id)
    hr_users.set_manager_teams(db, manager.id, [world.teams["Sales"].id])
    db.commit()
    login(client, "boss@org.fr")
    for suffix in ("", "/dashboard", "/exports"):
        path = f"/hr/campaigns/{world.campaign.id}{suffix}"
        assert _is_html_error(client.get(path), 404), path
    assert "/hr/tokens" not in client.get("/hr/campaigns").text


def test_an_unknown_hr_page_is_html_and_an_unknown_api_route_json(client: TestClient) -> None:
    page = client.get("/hr/no-such-page")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    api = client.get("/api/v1/no-such-route")
    assert api.status_code == 404 and api.json()["error"] == "NotFound"


def test_tokens_page_is_an_hr_page_linked_from_the_menu(client: TestClient, db: Session) -> None:
    world = make_world(db, {"Sales": None})
    make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    db.commit()
    login(client, "hr@org.fr")
    assert 'href="/hr/tokens"' in client.get("/hr/campaigns").text
    page = client.get("/hr/tokens")
    assert page.status_code == 200
    assert 'class="hr-nav"' in page.text and 'class="hr-guardrail"' in page.text
