"""HR admins manage research tokens: shown once, hashed at rest, org-bound, revocable."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import ApiToken
from app.domain import HRRole
from app.security import token_hash
from tests.support.hr import login, make_user, organisation
from tests.support.participants import auth

API = "/api/v1/hr/tokens"


def _admin(
    client: TestClient, db: Session, org: str = "Org A", role: HRRole = HRRole.HR_ADMIN
) -> int:
    organisation_id = organisation(db, org).id
    email = f"{role.value}@{org.replace(' ', '').lower()}.example"
    make_user(db, email, role, organisation_id)
    login(client, email)
    return organisation_id


def test_created_token_is_shown_once_stored_hashed_and_works(
    client: TestClient, db: Session
) -> None:
    org_id = _admin(client, db)
    body = {"name": "R", "scopes": ["scores:read"], "expires_in_days": 30}
    created = client.post(API, json=body)
    assert created.status_code == 201, created.text
    secret = created.json()["token"]
    stored = db.scalars(select(ApiToken)).one()
    assert stored.token_hash == token_hash(secret) and secret not in str(stored.__dict__)
    assert stored.organisation_id == org_id and stored.scopes == ["scores:read"]
    listed = client.get(API).json()
    assert "token" not in listed[0] and listed[0]["last_used_at"] is None
    assert client.get("/api/v1/campaigns", headers=auth(secret)).status_code == 200
    assert client.get(API).json()[0]["last_used_at"] is not None
    revoked = client.delete(f"{API}/{stored.id}")
    assert revoked.status_code == 200 and revoked.json()["active"] is False
    assert client.get("/api/v1/campaigns", headers=auth(secret)).status_code == 401


def test_tokens_are_per_organisation_and_admin_only(client: TestClient, db: Session) -> None:
    _admin(client, db, "Org A")
    token_id = client.post(API, json={"name": "A", "scopes": ["trials:read"]}).json()["id"]
    client.cookies.clear()
    _admin(client, db, "Org B")
    assert client.get(API).json() == []
    assert client.delete(f"{API}/{token_id}").status_code == 404
    client.cookies.clear()
    _admin(client, db, "Org B", HRRole.MANAGER)
    assert client.get(API).status_code == 403
    client.cookies.clear()
    client.headers.pop("X-CSRF-Token", None)
    assert client.get(API).status_code == 401


def test_unsafe_requests_need_the_csrf_token(client: TestClient, db: Session) -> None:
    _admin(client, db)
    client.headers.pop("X-CSRF-Token")
    response = client.post(API, json={"name": "R", "scopes": ["scores:read"]})
    assert response.status_code == 403


def test_token_page_creates_lists_and_revokes(client: TestClient, db: Session) -> None:
    _admin(client, db)
    csrf = client.headers.pop("X-CSRF-Token")
    page = client.get("/hr/tokens?lang=en")
    assert page.status_code == 200 and "Research API tokens" in page.text
    assert "Jetons de l&#39;API de recherche" in client.get("/hr/tokens?lang=fr").text
    form = {"csrf_token": csrf, "name": "<b>notebook</b>", "scopes": ["scores:read", "trials:read"],
            "expires_in_days": "7"}  # fmt: skip
    created = client.post("/hr/tokens", data=form)
    assert created.status_code == 201
    secret = re.search(r'<code id="new-token">([^<]+)</code>', created.text).group(1)  # type: ignore[union-attr]
    assert client.get("/api/v1/sessions", headers=auth(secret)).status_code == 200
    assert "<b>notebook</b>" not in created.text and "&lt;b&gt;notebook" in created.text
    assert secret not in client.get("/hr/tokens").text
    bad = client.post("/hr/tokens", data={"csrf_token": csrf, "name": "x", "expires_in_days": "7"})
    assert bad.status_code == 422
    no_csrf = client.post("/hr/tokens", data={**form, "csrf_token": "forged"})
    assert no_csrf.status_code == 403
    token_id = db.scalars(select(ApiToken.id)).one()
    revoked = client.post(
        f"/hr/tokens/{token_id}/revoke", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert revoked.status_code == 303
    assert client.get("/api/v1/sessions", headers=auth(secret)).status_code == 401
