"""Every HR page of the app's route table, walked with what a careless user or a curious manager
sends (bad ids, wrong methods, no CSRF token, an oversized form, a campaign out of reach), answers
an HTML page with the HR menu, never raw JSON (issue 16, item 3)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.orm import Session

from app.accounts import repository as hr_users
from app.domain import HRRole
from tests.support.hr import login, make_user
from tests.support.hr_world import add_person, flatten_teams, make_world

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
PARAM = re.compile(r"\{(\w+)\}")
BAD_IDS = ("999999", "0", "abc", "99999999999")
ERRORS = set(range(400, 600))


@dataclass(frozen=True)
class HRRoute:
    path: str
    methods: frozenset[str]


@dataclass(frozen=True)
class Ids:
    campaign_id: int
    team_id: int
    participant_id: int
    user_id: int


def hr_routes(app: FastAPI) -> list[HRRoute]:
    """The HR pages of the route table (not the JSON API under /api/v1/hr)."""
    found: dict[str, set[str]] = {}
    for route in iter_route_contexts(app.routes):
        if route.path == "/hr" or route.path.startswith("/hr/"):
            found.setdefault(route.path, set()).update(route.methods or ())
    return [HRRoute(path, frozenset(methods - {"HEAD"})) for path, methods in sorted(found.items())]


def _fill(path: str, value: str) -> str:
    return PARAM.sub(value, path)


def _real(path: str, ids: Ids) -> str:
    values = {"token": "not-a-token", "name": "d_distribution", **vars(ids)}
    return PARAM.sub(lambda m: str(values.get(m.group(1), "1")), path)


def _send(client: TestClient, method: str, url: str, csrf: str | None) -> Response:
    data = {"csrf_token": csrf} if csrf else {}
    headers = {"X-CSRF-Token": ""}  # forms carry the token in their body, as browsers send it
    if method == "GET":
        return client.get(url, follow_redirects=False)
    return client.request(method, url, data=data, headers=headers, follow_redirects=False)


def _html_with_menu(response: Response) -> bool:
    return (
        response.headers.get("content-type", "").startswith("text/html")
        and 'class="hr-nav"' in response.text
    )


@pytest.fixture(autouse=True)
def _team_trees(db: Session, client: TestClient) -> Iterator[None]:
    yield
    flatten_teams(db)


@pytest.fixture
def ids(db: Session) -> Ids:
    world = make_world(db, {"Sales": None, "Ops": None}, campaign_teams=["Ops"], state="open")
    person = add_person(db, world, "Ops")
    admin = make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    manager = make_user(db, "boss@org.fr", HRRole.MANAGER, world.organisation.id)
    hr_users.set_manager_teams(db, manager.id, [world.teams["Sales"].id])
    db.commit()
    return Ids(world.campaign.id, world.teams["Ops"].id, person.id, admin.id)


def _csrf(client: TestClient, email: str) -> str:
    token = login(client, email)
    del client.headers["X-CSRF-Token"]
    return token


def test_the_walk_covers_the_hr_pages(client: TestClient) -> None:
    paths = {route.path for route in hr_routes(client.app)}  # type: ignore[arg-type]
    assert len(paths) >= 20
    assert "/hr/campaigns/{campaign_id}/dashboard" in paths and "/hr/users/{user_id}" in paths


def _walk(
    client: TestClient, calls: Iterable[tuple[str, str]], csrf: str | None, statuses: set[int]
) -> list[str]:
    """Send every (method, url); list those not answered an HTML page with the HR menu and
    one of ``statuses``."""
    failures = []
    for method, url in calls:
        response = _send(client, method, url, csrf)
        if not (response.status_code in statuses and _html_with_menu(response)):
            failures.append(f"{method} {url}: {response.status_code}")
    return failures


def test_bad_ids_answer_an_html_page_with_the_menu(client: TestClient, ids: Ids) -> None:
    csrf = _csrf(client, "hr@org.fr")
    calls = [
        (method, _fill(route.path, value))
        for route in hr_routes(client.app)  # type: ignore[arg-type]
        if PARAM.search(route.path) and "{token}" not in route.path
        for value in BAD_IDS
        for method in route.methods
    ]
    assert _walk(client, calls, csrf, ERRORS) == []


def test_wrong_methods_answer_an_html_405_with_the_menu(client: TestClient, ids: Ids) -> None:
    csrf = _csrf(client, "hr@org.fr")
    calls = [
        (method, _real(route.path, ids))
        for route in hr_routes(client.app)  # type: ignore[arg-type]
        for method in sorted(set(METHODS) - route.methods)
    ]
    assert _walk(client, calls, csrf, {405}) == []


def test_a_manager_without_reach_gets_html_403_or_404(client: TestClient, ids: Ids) -> None:
    csrf = _csrf(client, "boss@org.fr")
    calls = [
        (method, _real(route.path, ids))
        for route in hr_routes(client.app)  # type: ignore[arg-type]
        if "{campaign_id}" in route.path or "{user_id}" in route.path
        for method in route.methods
    ]
    assert _walk(client, calls, csrf, {403, 404}) == []


def test_forms_without_csrf_token_answer_an_html_403(client: TestClient, ids: Ids) -> None:
    _csrf(client, "hr@org.fr")
    calls = [
        ("POST", _real(route.path, ids))
        for route in hr_routes(client.app)  # type: ignore[arg-type]
        if "POST" in route.methods and route.path not in ("/hr/login", "/hr/reset/{token}")
    ]
    assert _walk(client, calls, None, {403}) == []


def test_signed_out_every_hr_page_is_html_or_a_redirect(client: TestClient, ids: Ids) -> None:
    failures = []
    for route in hr_routes(client.app):  # type: ignore[arg-type]
        for method in METHODS:
            for url in {_real(route.path, ids), _fill(route.path, "abc")}:
                response = _send(client, method, url, None)
                kind = response.headers.get("content-type", "")
                redirect = response.status_code == 303 and "/hr/login" in response.headers.get(
                    "location", ""
                )
                if not (redirect or kind.startswith("text/html")):
                    failures.append(f"{method} {url}: {response.status_code} {kind}")
    assert failures == []


def test_an_oversized_form_is_an_html_413_with_the_menu(client: TestClient, ids: Ids) -> None:
    csrf = _csrf(client, "hr@org.fr")
    body = {"csrf_token": csrf, "name": "x" * 300_000}
    response = client.post("/hr/teams", data=body, headers={"X-CSRF-Token": ""})
    assert response.status_code == 413
    assert _html_with_menu(response), response.text[:200]
    french = client.post("/hr/teams?lang=fr", data=body, headers={"X-CSRF-Token": ""})
    assert "dépasse la taille maximale acceptée ici (262144 octets)" in french.text
