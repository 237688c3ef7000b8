"""Attacks on accounts: a platform admin becoming an HR admin, stale and disabled reset links.

Each test replays one attack through the real app and asserts it fails.
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.db.models import HRUser
from app.domain import HRRole
from tests.support.hr import PASSWORD, login, make_user, organisation

NEW_PASSWORD = "a brand new long password"


def _token(link: dict[str, str]) -> str:
    return link["reset_url"].rsplit("/", 1)[1]


def _set_password(client: TestClient, link: dict[str, str], password: str = NEW_PASSWORD) -> int:
    payload = {"token": _token(link), "password": password}
    return client.post("/api/v1/hr/password-reset", json=payload).status_code


def _org_with_signed_in_admin(client: TestClient, db: Session) -> tuple[int, HRUser]:
    org = organisation(db, "Acme")
    admin = make_user(db, "boss@acme.example", HRRole.HR_ADMIN, org.id)
    login(TestClient(client.app), "boss@acme.example")
    make_user(db, "root@platform.example", HRRole.PLATFORM_ADMIN)
    login(client, "root@platform.example")
    return org.id, admin


def test_platform_admin_cannot_mint_a_reset_link_for_a_signed_in_hr_admin_to_become_them(
    client: TestClient, db: Session
) -> None:
    _, admin = _org_with_signed_in_admin(client, db)
    minted = client.post(f"/api/v1/hr/users/{admin.id}/reset-link")
    assert minted.status_code == 403, minted.text
    assert minted.json()["error"] == "Forbidden"
    page = client.post(f"/hr/users/{admin.id}/reset-link", data={"csrf_token": "x"})
    assert page.status_code == 403 and "/hr/reset/" not in page.text
    owner = TestClient(client.app)
    login(owner, "boss@acme.example")  # the owner's password still works


def test_platform_admin_creates_only_the_first_hr_admin_of_an_organisation(
    client: TestClient, db: Session
) -> None:
    org_id, _ = _org_with_signed_in_admin(client, db)
    for role in ("hr_admin", "manager"):
        body = {"email": f"mole-{role}@acme.example", "role": role, "organisation_id": org_id}
        response = client.post("/api/v1/hr/users", json=body)
        assert response.status_code == 403, response.text
    emails = {u["email"] for u in client.get("/api/v1/hr/users").json()}
    assert not any(e.startswith("mole") for e in emails)
    fresh = client.post("/api/v1/hr/organisations", json={"name": "Beta"}).json()
    first = {"email": "first@beta.example", "role": "hr_admin", "organisation_id": fresh["id"]}
    assert client.post("/api/v1/hr/users", json=first).status_code == 201


def test_platform_admin_may_renew_a_set_up_link_only_until_the_owner_takes_over(
    client: TestClient, db: Session
) -> None:
    make_user(db, "root@platform.example", HRRole.PLATFORM_ADMIN)
    login(client, "root@platform.example")
    org = client.post("/api/v1/hr/organisations", json={"name": "Beta"}).json()
    body = {"email": "first@beta.example", "role": "hr_admin", "organisation_id": org["id"]}
    created = client.post("/api/v1/hr/users", json=body).json()
    user_id = created["user"]["id"]
    renewed = client.post(f"/api/v1/hr/users/{user_id}/reset-link")
    assert renewed.status_code == 201
    assert _set_password(client, created["reset_link"]) == 410  # replaced by the renewed link
    assert _set_password(client, renewed.json()) == 204
    assert client.post(f"/api/v1/hr/users/{user_id}/reset-link").status_code == 403


def test_platform_admin_cannot_take_over_a_pending_account_of_an_organisation_in_use(
    client: TestClient, db: Session
) -> None:
    org = organisation(db, "Acme")
    make_user(db, "boss@acme.example", HRRole.HR_ADMIN, org.id)
    hr = TestClient(client.app)
    login(hr, "boss@acme.example")
    body = {"email": "new-manager@acme.example", "role": "manager"}
    pending = hr.post("/api/v1/hr/users", json=body).json()
    make_user(db, "root@platform.example", HRRole.PLATFORM_ADMIN)
    login(client, "root@platform.example")
    minted = client.post(f"/api/v1/hr/users/{pending['user']['id']}/reset-link")
    assert minted.status_code == 403, minted.text
    assert _set_password(hr, pending["reset_link"]) == 204  # HR's link still works


def test_account_actions_of_a_platform_admin_appear_in_the_organisations_audit_log(
    client: TestClient, db: Session
) -> None:
    org_id, admin = _org_with_signed_in_admin(client, db)
    root_id = client.get("/api/v1/hr/me").json()["user"]["id"]
    deputy = make_user(db, "deputy@acme.example", HRRole.HR_ADMIN, org_id)
    assert client.patch(f"/api/v1/hr/users/{deputy.id}", json={"active": False}).status_code == 200
    reader = TestClient(client.app)
    login(reader, "boss@acme.example")
    events = reader.get("/api/v1/hr/audit").json()
    disable = [e for e in events if e["action"] == "account.disable"]
    assert [(e["actor_id"], e["target_id"]) for e in disable] == [(str(root_id), str(deputy.id))]
    assert admin.id != deputy.id


def test_a_newer_reset_link_revokes_the_older_ones(client: TestClient, db: Session) -> None:
    org = organisation(db, "Acme")
    make_user(db, "boss@acme.example", HRRole.HR_ADMIN, org.id)
    manager = make_user(db, "m@acme.example", HRRole.MANAGER, org.id)
    login(client, "boss@acme.example")
    older = client.post(f"/api/v1/hr/users/{manager.id}/reset-link").json()
    newer = client.post(f"/api/v1/hr/users/{manager.id}/reset-link").json()
    assert _set_password(client, older) == 410
    assert client.get(f"/hr/reset/{_token(older)}").status_code == 410
    assert _set_password(client, newer) == 204
    events = [e["action"] for e in client.get("/api/v1/hr/audit").json()]
    assert events.count("account.reset") == 2


def test_a_disabled_accounts_reset_link_no_longer_sets_a_password(
    client: TestClient, db: Session
) -> None:
    org = organisation(db, "Acme")
    make_user(db, "boss@acme.example", HRRole.HR_ADMIN, org.id)
    login(client, "boss@acme.example")
    body = {"email": "leaver@acme.example", "role": "manager"}
    created = client.post("/api/v1/hr/users", json=body).json()
    user_id = created["user"]["id"]
    assert client.patch(f"/api/v1/hr/users/{user_id}", json={"active": False}).status_code == 200
    assert _set_password(client, created["reset_link"]) == 410
    assert client.patch(f"/api/v1/hr/users/{user_id}", json={"active": True}).status_code == 200
    assert _set_password(client, created["reset_link"]) == 410  # re-enabling revives no link
    leaver = TestClient(client.app)
    response = leaver.post(
        "/api/v1/hr/login", json={"email": "leaver@acme.example", "password": NEW_PASSWORD}
    )
    assert response.status_code == 401


def test_hr_admin_still_resets_a_signed_in_colleague_of_their_organisation(
    client: TestClient, db: Session
) -> None:
    org = organisation(db, "Acme")
    make_user(db, "boss@acme.example", HRRole.HR_ADMIN, org.id)
    colleague = make_user(db, "m@acme.example", HRRole.MANAGER, org.id)
    colleague_client = TestClient(client.app)
    login(colleague_client, "m@acme.example")
    login(client, "boss@acme.example")
    link = client.post(f"/api/v1/hr/users/{colleague.id}/reset-link")
    assert link.status_code == 201
    assert colleague_client.get("/api/v1/hr/me").status_code == 401  # signed out at once
    assert _set_password(client, link.json()) == 204
    assert PASSWORD != NEW_PASSWORD
