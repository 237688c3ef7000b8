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


def test_minting_again_gives_links_only_to_new_people_and_revokes_nothing(
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
    _import(client, campaign_id, "code,team\ne04,Sales\n", confirm=True)
    second = client.post(url, json={})
    assert [r["code"] for r in _links(second.text)] == ["e04"]
    assert second.headers["x-skipped-started"] == "1"  # e01 opened their link
    assert second.headers["x-skipped-has-link"] == "2"
    assert _participant_status(client, rows[2]["url"]) == 200
    minted = db.scalars(select(AuditEvent).where(AuditEvent.action == "invitations.mint")).all()
    assert [event.row_count for event in minted] == [3, 1]


def test_open_link_mints_a_participant_per_browser_until_they_finish(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    team_id = client.get("/api/v1/hr/teams").json()[0]["id"]
    url = f"/api/v1/hr/campaigns/{campaign_id}/teams/{team_id}/open-link"
    link = client.post(url).json()["url"]
    path = link.removeprefix("http://127.0.0.1:8000")
    browser, other_browser = TestClient(client.app), TestClient(client.app)

    def visit(who: TestClient) -> str:
        response = who.get(path, follow_redirects=False)
        assert response.status_code == 303, response.text
        location: str = response.headers["location"]
        assert location.startswith("/p/")
        return location

    assert browser.get(path, follow_redirects=False).status_code == 410  # still a draft
    client.post(f"/api/v1/hr/campaigns/{campaign_id}/open")
    first = visit(browser)
    cookie = browser.get(path, follow_redirects=False).headers["set-cookie"]
    assert "HttpOnly" in cookie and "Path=/o/" in cookie and "SameSite=lax" in cookie
    assert path.rsplit("/", 1)[1] not in cookie  # named after a hash, not the open token
    assert visit(browser) == first  # a reload resumes the same participant
    second = visit(other_browser)
    assert second != first
    assert _participant_status(client, first) == 200
    codes = db.scalars(select(Participant.code)).all()
    assert len(codes) == 2 and all(code.startswith("open-") for code in codes)

    token = first.removeprefix("/p/")
    declined = browser.post(
        "/api/v1/participant/consent",
        json={"language": "fr", "accept": False},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert declined.status_code == 200, declined.text
    third = visit(browser)  # finished (here: declined): the next visit is a new participant
    assert third not in (first, second)
    assert visit(browser) == third

    (remembered,) = browser.cookies.jar
    browser.cookies.set(remembered.name, "not-a-token", remembered.domain, remembered.path)
    assert len(browser.cookies.jar) == 1
    assert visit(browser) not in (first, second, third)  # a cookie naming no link is ignored
    client.post(url)  # a new open link revokes the previous one
    assert browser.get(path, follow_redirects=False).status_code == 410


def test_erasing_a_participant_removes_identity_and_link(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    _import(client, campaign_id, GOOD_CSV, confirm=True)
    client.post(f"/api/v1/hr/campaigns/{campaign_id}/open")
    rows = _links(client.post(f"/api/v1/hr/campaigns/{campaign_id}/invitations", json={}).text)
    roster = client.get(f"/api/v1/hr/campaigns/{campaign_id}/participants").json()
    ana = next(p for p in roster if p["code"] == "e01")
    assert ana["has_identity"] is True and ana["status"] == "not_finished"
    url = f"/api/v1/hr/campaigns/{campaign_id}/participants/{ana['id']}/erase"
    erased = client.post(url).json()
    assert erased["counts"]["identity"] == 1
    assert _count(db, ParticipantIdentity) == 1
    assert _participant_status(client, rows[0]["url"]) == 410
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "participant.erase")).one()
    assert event.target_id == str(ana["id"])
    audit = client.get("/api/v1/hr/audit").json()
    assert audit[0]["action"] == "participant.erase"
