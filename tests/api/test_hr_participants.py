"""Participant import (preview, line errors, idempotence), links, open links and erasure."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import AuditEvent, Participant, ParticipantIdentity
from app.domain import HRRole
from tests.support.hr import (
    login,
    make_campaign,
    make_team,
    make_user,
    organisation,
    unlink_team_tree,
)

GOOD_CSV = (
    "code,team,full_name,email\n"
    "e01,Support,Ana Lima,ana@org.example\n"
    "e02,support,,\n"
    "e03,Sales,Bo Chen,\n"
)


@pytest.fixture(autouse=True)
def _team_tree_cleanup(client: TestClient, db: Session) -> Iterator[None]:
    yield
    unlink_team_tree(db)


@pytest.fixture
def campaign_id(client: TestClient, db: Session) -> int:
    org = organisation(db, "A")
    make_user(db, "admin@a.example", HRRole.HR_ADMIN, org.id)
    login(client, "admin@a.example")
    make_team(client, "Support")
    make_team(client, "Sales")
    return make_campaign(client)


def _import(client: TestClient, campaign_id: int, text: str, confirm: bool) -> dict:  # type: ignore[type-arg]
    url = f"/api/v1/hr/campaigns/{campaign_id}/participants/import"
    response = client.post(url, json={"csv": text, "confirm": confirm})
    assert response.status_code == 200, response.text
    body: dict = response.json()
    return body


def _count(db: Session, model: type) -> int:
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_preview_writes_nothing_then_confirm_writes_once(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    preview = _import(client, campaign_id, GOOD_CSV, confirm=False)
    assert [r["action"] for r in preview["rows"]] == ["new", "new", "new"]
    assert preview["rows"][1]["team"] == "Support"  # matched without regard to case
    assert preview["errors"] == [] and preview["written"] is False
    assert _count(db, Participant) == 0
    assert _import(client, campaign_id, GOOD_CSV, confirm=True)["written"] is True
    assert (_count(db, Participant), _count(db, ParticipantIdentity)) == (3, 2)
    again = _import(client, campaign_id, GOOD_CSV, confirm=True)
    assert [r["action"] for r in again["rows"]] == ["unchanged"] * 3
    moved = _import(client, campaign_id, "code;team\ne03;Support\n", confirm=True)
    assert moved["rows"][0]["action"] == "update"
    assert (_count(db, Participant), _count(db, ParticipantIdentity)) == (3, 1)


def test_line_errors_are_reported_and_block_the_write(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    text = (
        "code,team,email\n"
        "e01,Support,ok@org.example\n"
        ",Support,\n"
        "e01,Support,\n"
        "e04,Nowhere,\n"
        "e05,Support,not-an-email\n"
        "e06,Support,a@b.example,extra\n"
    )
    body = _import(client, campaign_id, text, confirm=True)
    assert [(e["line"], e["message"].split()[0]) for e in body["errors"]] == [
        (3, "code"),
        (4, "code"),
        (5, "unknown"),
        (6, "'not-an-email'"),
        (7, "too"),
    ]
    assert body["written"] is False and _count(db, Participant) == 0
    header = _import(client, campaign_id, "id,team\n1,Support\n", confirm=False)
    assert header["errors"][0]["line"] == 1 and "code" in header["errors"][0]["message"]


def _links(response_text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response_text.lstrip("\ufeff"))))


def _participant_status(client: TestClient, url: str) -> int:
    token = url.rsplit("/", 1)[1]
    headers = {"Authorization": f"Bearer {token}"}
    return client.get("/api/v1/participant/session", headers=headers).status_code


def test_minting_again_needs_confirmation_and_revokes_old_links(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    _import(client, campaign_id, GOOD_CSV, confirm=True)
    client.post(f"/api/v1/hr/campaigns/{campaign_id}/open")
    url = f"/api/v1/hr/campaigns/{campaign_id}/invitations"
    first = client.post(url, json={})
    assert first.status_code == 200 and first.headers["content-type"].startswith("text/csv")
    rows = _links(first.text)
    assert [(r["code"], r["full_name"]) for r in rows] == [
        ("e01", "Ana Lima"),
        ("e02", ""),
        ("e03", "Bo Chen"),
    ]
    assert _participant_status(client, rows[0]["url"]) == 200
    assert client.post(url, json={}).status_code == 409
    second = _links(client.post(url, json={"revoke_existing": True}).text)
    assert _participant_status(client, rows[0]["url"]) == 410
    assert _participant_status(client, second[0]["url"]) == 200
    minted = db.scalars(select(AuditEvent).where(AuditEvent.action == "invitations.mint")).all()
    assert [event.row_count for event in minted] == [3, 3]


def test_open_link_mints_a_pseudonymous_participant_per_visit(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    team_id = client.get("/api/v1/hr/teams").json()[0]["id"]
    url = f"/api/v1/hr/campaigns/{campaign_id}/teams/{team_id}/open-link"
    link = client.post(url).json()["url"]
    path = link.removeprefix("http://127.0.0.1:8000")
    assert client.get(path, follow_redirects=False).status_code == 410  # still a draft
    client.post(f"/api/v1/hr/campaigns/{campaign_id}/open")
    first = client.get(path, follow_redirects=False)
    second = client.get(path, follow_redirects=False)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"].startswith("/p/")
    assert first.headers["location"] != second.headers["location"]
    assert _participant_status(client, first.headers["location"]) == 200
    codes = db.scalars(select(Participant.code)).all()
    assert len(codes) == 2 and all(code.startswith("open-") for code in codes)
    client.post(url)  # a new open link revokes the previous one
    assert client.get(path, follow_redirects=False).status_code == 410


def test_erasing_a_participant_removes_identity_and_link(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    _import(client, campaign_id, GOOD_CSV, confirm=True)
    client.post(f"/api/v1/hr/campaigns/{campaign_id}/open")
    rows = _links(client.post(f"/api/v1/hr/campaigns/{campaign_id}/invitations", json={}).text)
    roster = client.get(f"/api/v1/hr/campaigns/{campaign_id}/participants").json()
    ana = next(p for p in roster if p["code"] == "e01")
    assert ana["has_identity"] is True and ana["state"] == "invited"
    url = f"/api/v1/hr/campaigns/{campaign_id}/participants/{ana['id']}/erase"
    erased = client.post(url).json()
    assert erased["counts"]["identity"] == 1
    assert _count(db, ParticipantIdentity) == 1
    assert _participant_status(client, rows[0]["url"]) == 410
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "participant.erase")).one()
    assert event.target_id == str(ana["id"])
    audit = client.get("/api/v1/hr/audit").json()
    assert audit[0]["action"] == "participant.erase"
