"""HR accounts for tests: make users straight in the database, sign in through the API."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.db.models import HRUser, Organisation
from app.domain import HRRole
from app.repositories import hr_users
from app.repositories import organisations as org_repo
from app.services.hr.passwords import hash_password

PASSWORD = "correct horse battery"


def organisation(db: Session, name: str) -> Organisation:
    org = org_repo.get_organisation_by_name(db, name) or org_repo.add_organisation(db, name)
    db.commit()
    return org


def make_user(
    db: Session, email: str, role: HRRole = HRRole.HR_ADMIN, organisation_id: int | None = None
) -> HRUser:
    """An active account with password ``PASSWORD`` (platform admins get no organisation)."""
    user = HRUser(
        email=email,
        password_hash=hash_password(PASSWORD),
        role=role,
        organisation_id=None if role is HRRole.PLATFORM_ADMIN else organisation_id,
        active=True,
    )
    hr_users.add_user(db, user)
    db.commit()
    return user


def login(client: TestClient, email: str, password: str = PASSWORD) -> str:
    """Sign in; the client keeps the cookie and sends the CSRF header from now on."""
    response = client.post("/api/v1/hr/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    token: str = response.json()["csrf_token"]
    client.headers["X-CSRF-Token"] = token
    return token
