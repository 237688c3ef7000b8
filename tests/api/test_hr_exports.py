"""Exports through HTTP: CSRF, roles, policy, manager scope, page form download, audit rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import repository as hr_users
from app.db.models import AuditEvent
from app.domain import HRRole, IndividualResults
from tests.support.hr import login, make_user
from tests.support.hr_world import World, add_person, flatten_teams, make_world


@pytest.fixture(autouse=True)
def _team_trees(db: Session, client: TestClient) -> Iterator[None]:
    """Set up after ``client``, so torn down before its truncation."""
    yield
    flatten_teams(db)


def _world(db: Session, policy: str = IndividualResults.PSEUDONYMOUS) -> World:
    world = make_world(db, {"Sales": None, "Ops": None}, policy=policy)
    for d in (0.1, 0.2, 0.3):
        add_person(db, world, "Sales", d=d)
    add_person(db, world, "Ops", d=0.4)
    db.commit()
    return world


def _post(client: TestClient, world: World, kind: str, fmt: str = "csv"):  # type: ignore[no-untyped-def]
    url = f"/api/v1/hr/campaigns/{world.campaign.id}/exports"
    return client.post(url, json={"kind": kind, "format": fmt})


def test_hr_admin_downloads_an_audited_csv_and_needs_the_csrf_header(
    client: TestClient, db: Session
) -> None:
    world = _world(db)
    user = make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    login(client, "hr@org.fr")
    token = client.headers.pop("X-CSRF-Token")
    assert _post(client, world, "individual").status_code == 403
    client.headers["X-CSRF-Token"] = token
    response = _post(client, world, "individual")
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 4 and "code" not in rows[0]
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "export")).one()
    assert (event.actor_id, event.row_count, event.detail["kind"]) == (
        str(user.id),
        4,
        "individual",
    )
    xlsx = _post(client, world, "team", "xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_policy_none_is_refused_with_a_clear_error(client: TestClient, db: Session) -> None:
    world = _world(db, IndividualResults.NONE)
    make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    login(client, "hr@org.fr")
    response = _post(client, world, "individual")
    assert response.status_code == 403 and "policy" in response.json()["detail"]
    page = client.get(f"/hr/campaigns/{world.campaign.id}/exports?lang=en")
    assert page.status_code == 200 and "policy" in page.text


def test_manager_exports_only_their_team_summary(client: TestClient, db: Session) -> None:
    world = _world(db)
    manager = make_user(db, "boss@org.fr", HRRole.MANAGER, world.organisation.id)
    hr_users.set_manager_teams(db, manager.id, [world.teams["Ops"].id])
    db.commit()
    login(client, "boss@org.fr")
    assert _post(client, world, "individual").status_code == 403
    assert _post(client, world, "trials").status_code == 403
    rows = list(csv.DictReader(io.StringIO(_post(client, world, "team").text)))
    assert [r["team"] for r in rows] == ["Ops"] and rows[0]["iat_suppressed"] == "1"


def test_other_organisation_and_platform_admin_cannot_export(
    client: TestClient, db: Session
) -> None:
    world = _world(db)
    other = make_world(db, {"X": None}, org_name="Other")
    db.commit()
    make_user(db, "hr@other.fr", HRRole.HR_ADMIN, other.organisation.id)
    login(client, "hr@other.fr")
    assert _post(client, world, "team").status_code == 404
    make_user(db, "root@platform.fr", HRRole.PLATFORM_ADMIN)
    login(client, "root@platform.fr")
    assert _post(client, world, "team").status_code == 403
    assert db.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all() == []


def test_page_form_downloads_with_the_csrf_field_and_codebook_is_served(
    client: TestClient, db: Session
) -> None:
    world = _world(db)
    make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    token = login(client, "hr@org.fr")
    client.headers.pop("X-CSRF-Token")
    page = client.get(f"/hr/campaigns/{world.campaign.id}/exports")
    assert page.status_code == 200 and 'name="csrf_token"' in page.text
    url = f"/hr/campaigns/{world.campaign.id}/exports"
    form = {"csrf_token": token, "kind": "individual", "format": "xlsx"}
    response = client.post(url, data=form)
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert client.post(url, data=form | {"csrf_token": "forged"}).status_code == 403
    codebook = client.get(f"/api/v1/hr/campaigns/{world.campaign.id}/exports/team/codebook.csv")
    assert codebook.status_code == 200 and codebook.text.startswith("column,type,description_fr")
