"""HR accounts for tests: make users straight in the database, sign in through the API."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.accounts import repository as hr_users
from app.accounts.passwords import hash_password
from app.db.models import HRUser, Organisation, Team
from app.domain import HRRole
from app.organisations import repository as org_repo

PASSWORD = "correct horse battery"
_PASSWORD_HASH = hash_password(PASSWORD)  # hashed once: Argon2 is slow on purpose


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
        password_hash=_PASSWORD_HASH,
        role=role,
        organisation_id=None if role is HRRole.PLATFORM_ADMIN else organisation_id,
        active=True,
    )
    hr_users.add_user(db, user)
    db.commit()
    return user


def signed_in_admin(client: TestClient, db: Session, org: str = "A") -> TestClient:
    """``client`` signed in as a new HR admin (``admin@<org>.example``) of organisation ``org``."""
    email = f"admin@{org.lower()}.example"
    make_user(db, email, HRRole.HR_ADMIN, organisation(db, org).id)
    login(client, email)
    return client


def login(client: TestClient, email: str, password: str = PASSWORD) -> str:
    """Sign in; the client keeps the cookie and sends the CSRF header from now on."""
    response = client.post("/api/v1/hr/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    token: str = response.json()["csrf_token"]
    client.headers["X-CSRF-Token"] = token
    return token


GDPR_TEXTS = {
    "fr": {
        "controller": "Org SA, 1 rue de l'Exemple, Paris",
        "dpo_contact": "dpo@org.example",
        "purpose": "Mesurer la culture client",
        "legal_basis": "Intérêt légitime",
        "recipients": "Équipe RH",
    },
    "en": {
        "controller": "Org SA, 1 rue de l'Exemple, Paris",
        "dpo_contact": "dpo@org.example",
        "purpose": "Measure customer culture",
        "legal_basis": "Legitimate interest",
        "recipients": "HR team",
    },
}


def gdpr_texts(languages: list[str] | None = None) -> dict[str, dict[str, str]]:
    """The GDPR facts of each of ``languages`` (default: French and English)."""
    return {
        lang: dict(GDPR_TEXTS.get(lang, GDPR_TEXTS["en"])) for lang in languages or ["fr", "en"]
    }


def campaign_body(
    name: str = "Baromètre 2026", team_ids: list[int] | None = None, **extra: object
) -> dict[str, object]:
    """A valid campaign creation request with the GDPR facts of each language filled in."""
    languages = extra.get("languages")
    texts = gdpr_texts(languages if isinstance(languages, list) else None)
    return {"name": name, "team_ids": team_ids or [], "texts": texts} | extra


def make_team(client: TestClient, name: str, parent_id: int | None = None) -> int:
    response = client.post("/api/v1/hr/teams", json={"name": name, "parent_id": parent_id})
    assert response.status_code == 201, response.text
    team_id: int = response.json()["id"]
    return team_id


def make_campaign(client: TestClient, name: str = "Baromètre 2026", **extra: object) -> int:
    response = client.post("/api/v1/hr/campaigns", json=campaign_body(name, **extra))
    assert response.status_code == 201, response.text
    campaign_id: int = response.json()["campaign"]["id"]
    return campaign_id


def unlink_team_tree(db: Session) -> None:
    """Cut parent links so the shared truncation can delete teams (parent_id is RESTRICT)."""
    db.execute(update(Team).values(parent_id=None))
    db.commit()


def login_manager(
    client: TestClient, db: Session, organisation_id: int, team_ids: list[int]
) -> None:
    """Make the manager boss@org.fr of ``team_ids`` and sign in as them."""
    manager = make_user(db, "boss@org.fr", HRRole.MANAGER, organisation_id)
    hr_users.set_manager_teams(db, manager.id, team_ids)
    db.commit()
    login(client, "boss@org.fr")
