"""Production defaults: nothing personal is cached, the open-link cookie is Secure behind
https, and the API docs page has a Content-Security-Policy that still lets it load."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.config import Settings
from app.domain import HRRole
from app.main import create_app
from tests.api.test_research_world import build_world, make_token, organisation_id
from tests.support.hr import (
    login,
    make_campaign,
    make_team,
    make_user,
    organisation,
    unlink_team_tree,
)
from tests.support.participants import auth, demo_tokens


@pytest.fixture
def admin(client: TestClient, db: Session) -> Iterator[TestClient]:
    org = organisation(db, "Defaults SA")
    make_user(db, "admin@defaults.example", HRRole.HR_ADMIN, org.id)
    login(client, "admin@defaults.example")
    yield client
    unlink_team_tree(db)


def _no_store(response: object) -> bool:
    headers = response.headers  # type: ignore[attr-defined]
    return "no-store" in headers.get("cache-control", "")


def test_hr_pages_and_hr_json_are_not_cached(admin: TestClient) -> None:
    campaign_id = make_campaign(admin)
    for path in ("/hr/campaigns", f"/hr/campaigns/{campaign_id}", "/hr/audit", "/hr/login"):
        assert _no_store(admin.get(path)), path
    for path in ("/api/v1/hr/me", "/api/v1/hr/campaigns", f"/api/v1/hr/campaigns/{campaign_id}"):
        assert _no_store(admin.get(path)), path


def test_research_json_is_not_cached(client: TestClient, db: Session, settings: Settings) -> None:
    world = build_world(db, settings)
    token = make_token(db, organisation_id(db, world.campaign_a))
    response = client.get("/api/v1/campaigns", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert _no_store(response)


def test_participant_data_download_is_not_cached(
    client: TestClient, db: Session, settings: Settings
) -> None:
    token = demo_tokens(db, settings)[0]
    response = client.get("/api/v1/participant/data", headers=auth(token))
    assert response.status_code == 200
    assert _no_store(response)


def test_static_assets_stay_cacheable(client: TestClient) -> None:
    assert not _no_store(client.get("/static/css/site.css"))


def test_open_link_cookie_is_secure_behind_https(
    db: Session, settings: Settings, engine: object
) -> None:
    """TLS ends at the proxy: the app sees http, but the public address is https."""
    app = create_app(settings.model_copy(update={"base_url": "https://iat.example"}))
    org = organisation(db, "Open SA")
    make_user(db, "admin@open.example", HRRole.HR_ADMIN, org.id)
    try:
        with TestClient(app, base_url="https://testserver") as hr, TestClient(app) as browser:
            login(hr, "admin@open.example")
            team_id = make_team(hr, "Support")
            campaign_id = make_campaign(hr, team_ids=[team_id])
            hr.post(f"/api/v1/hr/campaigns/{campaign_id}/open")
            url = f"/api/v1/hr/campaigns/{campaign_id}/teams/{team_id}/open-link"
            link = hr.post(url).json()["url"].removeprefix("https://iat.example")
            response = browser.get(link, follow_redirects=False)
            assert response.status_code == 303
            assert "secure" in response.headers["set-cookie"].lower()
    finally:
        app.state.engine.dispose()


def test_api_docs_page_has_a_content_security_policy(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    assert "swagger-ui" in response.text.lower()
    policy = response.headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "frame-ancestors" in directives
    for src in re.findall(r'<script src="([^"]+)"', response.text):
        host = re.match(r"https://[^/]+", src)
        assert host is None or host.group(0) in directives["script-src"], src
    inline = re.findall(r"<script>(.*?)</script>", response.text, re.S)
    assert inline and "'sha256-" in directives["script-src"]
