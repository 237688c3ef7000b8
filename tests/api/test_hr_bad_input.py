"""Bad input to the HR workspace gets a 4xx, never a 500, and writes nothing that breaks
later requests (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.api.hr import accounts, audit, campaigns, dashboard, exports, participants, tokens
from app.domain import HRRole
from app.pages.hr import admin
from app.pages.hr import campaigns as campaign_pages
from app.pages.hr import dashboard as dashboard_pages
from app.pages.hr import exports as export_pages
from app.pages.hr import participants as participant_pages
from app.pages.hr import tokens as token_pages
from tests.support.hr import login, make_campaign, make_team, make_user, organisation

BEYOND_64_BITS = 2**63
BEYOND_32_BITS = 2**31  # the id columns are INTEGER on PostgreSQL
_API = (accounts, audit, campaigns, dashboard, exports, participants, tokens)
_PAGES = (admin, campaign_pages, dashboard_pages, export_pages, participant_pages, token_pages)
_PATH_PARAM = re.compile(r"\{(\w+)\}")
_KNOWN_VALUES = {"kind": "team"}


@pytest.fixture
def admin(client: TestClient, db: Session) -> Iterator[TestClient]:
    org = organisation(db, "Bad input SA")
    make_user(db, "admin@bad.example", HRRole.HR_ADMIN, org.id)
    login(client, "admin@bad.example")
    yield client


def test_campaign_update_with_null_languages_is_refused_and_lists_keep_working(
    admin: TestClient,
) -> None:
    campaign_id = make_campaign(admin)
    for field in ("languages", "name", "individual_results", "retention_days", "reminder_days"):
        response = admin.patch(f"/api/v1/hr/campaigns/{campaign_id}", json={field: None})
        assert response.status_code == 422, (field, response.text)
        assert response.json()["error"] == "InvalidInput"
    assert admin.get("/api/v1/hr/campaigns").status_code == 200
    assert admin.get(f"/api/v1/hr/campaigns/{campaign_id}").json()["campaign"]["languages"]


def _hr_routes() -> Iterator[tuple[str, str]]:
    """(method, path) of every HR route (JSON and pages) that takes a path parameter."""
    for module in (*_API, *_PAGES):
        for route in module.router.routes:
            if isinstance(route, APIRoute) and "{" in route.path:
                for method in sorted(route.methods - {"HEAD"}):
                    yield method, route.path


def _with_ids(path: str, row_id: int) -> str | None:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        return _KNOWN_VALUES.get(name, str(row_id) if name.endswith("_id") else "?")

    filled = _PATH_PARAM.sub(value, path)
    return None if "?" in filled else filled


def test_ids_beyond_64_bits_answer_404_or_422(admin: TestClient) -> None:
    routes = [
        (method, _with_ids(path, row_id))
        for method, path in _hr_routes()
        for row_id in (BEYOND_64_BITS, BEYOND_32_BITS, 0)
    ]
    tried = [(method, path) for method, path in routes if path is not None]
    assert len(tried) >= 60
    failures = []
    for method, path in tried:
        body = {"json": {}} if path.startswith("/api/") and method != "GET" else {}
        response = admin.request(method, path, **body)  # type: ignore[arg-type]
        if response.status_code not in (404, 422):
            failures.append((method, path, response.status_code))
    assert failures == []


def test_body_ids_beyond_64_bits_answer_422(admin: TestClient) -> None:
    team = {"name": "Support", "parent_id": BEYOND_64_BITS}
    assert admin.post("/api/v1/hr/teams", json=team).status_code == 422
    campaign = {"team_ids": [BEYOND_64_BITS]}
    campaign_id = make_campaign(admin)
    assert admin.patch(f"/api/v1/hr/campaigns/{campaign_id}", json=campaign).status_code == 422


def test_audit_page_with_letters_for_page_number(admin: TestClient) -> None:
    for page in ("abc", str(BEYOND_64_BITS), "-1"):
        response = admin.get(f"/hr/audit?page={page}")
        assert response.status_code in (200, 422), (page, response.status_code)


def test_user_teams_form_with_letters(admin: TestClient, db: Session) -> None:
    make_team(admin, "Support")
    manager = make_user(db, "manager@bad.example", HRRole.MANAGER, admin_org(db))
    for team_ids in ("abc", str(BEYOND_64_BITS)):
        form = {"action": "teams", "team_ids": team_ids}
        response = admin.post(f"/hr/users/{manager.id}", data=form)
        assert response.status_code == 422, (team_ids, response.status_code)
        assert "team" in response.text


def admin_org(db: Session) -> int:
    return organisation(db, "Bad input SA").id


def test_audit_offset_beyond_64_bits(admin: TestClient) -> None:
    response = admin.get(f"/api/v1/hr/audit?offset={BEYOND_64_BITS}")
    assert response.status_code == 422


def test_nul_characters_in_text_answer_422(admin: TestClient) -> None:
    """PostgreSQL text cannot hold NUL: refused at the door, on both databases alike."""
    user = {"email": "\u0000@example.org", "role": "manager"}
    assert admin.post("/api/v1/hr/users", json=user).status_code == 422
    assert admin.post("/api/v1/hr/teams", json={"name": "Sup\u0000port"}).status_code == 422


def test_opening_a_campaign_whose_closing_date_has_passed(admin: TestClient) -> None:
    campaign_id = make_campaign(admin, closes_at="2020-01-01T00:00:00Z")
    response = admin.post(f"/api/v1/hr/campaigns/{campaign_id}/open")
    assert response.status_code == 409
    assert "closes_at" in response.json()["detail"]
    assert admin.get(f"/api/v1/hr/campaigns/{campaign_id}").json()["campaign"]["state"] == "draft"


def test_nul_characters_in_token_names_answer_422(admin: TestClient) -> None:
    token = {"name": "\u0000", "scopes": ["scores:read"]}
    assert admin.post("/api/v1/hr/tokens", json=token).status_code == 422
