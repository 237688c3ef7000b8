"""Sign-in, the session cookie, logout, disabled accounts and CSRF on the JSON API."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.domain import HRRole
from tests.support.hr import PASSWORD, login, make_user, organisation


def test_login_sets_a_signed_httponly_lax_cookie_and_me_answers(
    client: TestClient, db: Session
) -> None:
    org = organisation(db, "Org A")
    make_user(db, "admin@a.example", HRRole.HR_ADMIN, org.id)
    response = client.post(
        "/api/v1/hr/login", json={"email": "Admin@A.example", "password": PASSWORD}
    )
    assert response.status_code == 200
    cookie = response.headers["set-cookie"]
    assert "iat_hr=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    me = client.get("/api/v1/hr/me").json()
    assert me["user"]["email"] == "admin@a.example" and me["user"]["role"] == "hr_admin"


def test_without_a_session_the_api_answers_401_json(client: TestClient) -> None:
    response = client.get("/api/v1/hr/me")
    assert response.status_code == 401
    assert response.json()["error"] == "Unauthorized"


def test_a_forged_cookie_is_ignored(client: TestClient) -> None:
    client.cookies.set("iat_hr", "eyJ1IjoxLCJuIjoieCIsImMiOiJ5In0.forged.sig")
    assert client.get("/api/v1/hr/me").status_code == 401


def test_logout_revokes_the_session_even_if_the_cookie_is_replayed(
    client: TestClient, db: Session
) -> None:
    org = organisation(db, "Org A")
    make_user(db, "admin@a.example", HRRole.HR_ADMIN, org.id)
    login(client, "admin@a.example")
    old_cookie = client.cookies.get("iat_hr")
    assert client.post("/api/v1/hr/logout").status_code == 204
    client.cookies.set("iat_hr", old_cookie or "")
    assert client.get("/api/v1/hr/me").status_code == 401


def test_unsafe_requests_need_the_csrf_header(client: TestClient, db: Session) -> None:
    org = organisation(db, "Org A")
    make_user(db, "admin@a.example", HRRole.HR_ADMIN, org.id)
    login(client, "admin@a.example")
    del client.headers["X-CSRF-Token"]
    response = client.post("/api/v1/hr/logout")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    client.headers["X-CSRF-Token"] = "wrong"
    assert client.post("/api/v1/hr/logout").status_code == 403


def test_disabling_an_account_ends_its_sessions(client: TestClient, db: Session) -> None:
    org = organisation(db, "Org A")
    user = make_user(db, "admin@a.example", HRRole.HR_ADMIN, org.id)
    login(client, "admin@a.example")
    user.active = False
    db.commit()
    assert client.get("/api/v1/hr/me").status_code == 401


def _attempt(client: TestClient, email: str, password: str = "wrong password!") -> int:
    response = client.post("/api/v1/hr/login", json={"email": email, "password": password})
    return response.status_code


def test_five_failures_lock_the_email_for_fifteen_minutes(client: TestClient, db: Session) -> None:
    org = organisation(db, "Org A")
    make_user(db, "admin@a.example", HRRole.HR_ADMIN, org.id)
    assert [_attempt(client, "admin@a.example") for _ in range(5)] == [401] * 5
    locked = client.post(
        "/api/v1/hr/login", json={"email": "ADMIN@a.example", "password": PASSWORD}
    )
    assert locked.status_code == 429 and locked.json()["error"] == "TooManyRequests"
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60 + 1
