"""Attacks through HR's link minting (JSON API and pages) and HR's roster: no new link for
someone who opened theirs, no link ever revoked by minting, nobody learns who refused."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.domain import HRRole
from tests.support.hr import login, make_campaign, make_team, make_user, organisation
from tests.support.hr import unlink_team_tree as _unlink
from tests.support.participants import auth

PEOPLE = "code,team\nd1,Support\nn1,Support\nw1,Support\ns1,Support\n"
PARTICIPANT = "/api/v1/participant"


@pytest.fixture(autouse=True)
def _team_tree_cleanup(client: TestClient, db: Session) -> Iterator[None]:
    yield
    _unlink(db)


@pytest.fixture
def campaign_id(client: TestClient, db: Session) -> int:
    make_user(db, "admin@a.example", HRRole.HR_ADMIN, organisation(db, "A").id)
    login(client, "admin@a.example")
    make_team(client, "Support")
    campaign = make_campaign(client)
    _import(client, campaign, PEOPLE)
    assert client.post(f"/api/v1/hr/campaigns/{campaign}/open").is_success
    return campaign


def _import(client: TestClient, campaign_id: int, text: str) -> None:
    url = f"/api/v1/hr/campaigns/{campaign_id}/participants/import"
    response = client.post(url, json={"csv": text, "confirm": True})
    assert response.status_code == 200 and response.json()["written"], response.text


def _tokens(text: str) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    return {row["code"]: row["url"].rsplit("/", 1)[1] for row in rows}


def _status(client: TestClient, token: str) -> int:
    return client.get(f"{PARTICIPANT}/session", headers=auth(token)).status_code


def _act(client: TestClient, links: dict[str, str]) -> None:
    """d1 declines, w1 consents then withdraws, s1 consents (started); n1 never opens."""
    refuse, accept = {"language": "fr", "accept": False}, {"language": "fr", "accept": True}
    assert client.post(f"{PARTICIPANT}/consent", json=refuse, headers=auth(links["d1"])).is_success
    for code in ("w1", "s1"):
        consent = client.post(f"{PARTICIPANT}/consent", json=accept, headers=auth(links[code]))
        assert consent.is_success
    assert client.post(f"{PARTICIPANT}/withdraw", headers=auth(links["w1"])).is_success


def test_hr_api_mint_never_returns_or_revokes_the_link_of_someone_who_opened_it(
    client: TestClient, campaign_id: int
) -> None:
    url = f"/api/v1/hr/campaigns/{campaign_id}/invitations"
    first = client.post(url, json={})
    assert first.status_code == 200 and first.headers["x-skipped-started"] == "0"
    links = _tokens(first.text)
    assert sorted(links) == ["d1", "n1", "s1", "w1"]
    _act(client, links)
    _import(client, campaign_id, "code,team\nx1,Support\n")
    second = client.post(url, json={})
    assert second.status_code == 200, second.text
    assert list(_tokens(second.text)) == ["x1"]
    assert second.headers["x-skipped-started"] == "3"  # d1, w1, s1: one count for all
    assert second.headers["x-skipped-has-link"] == "1"  # n1 keeps the link already sent
    assert [_status(client, links[code]) for code in ("n1", "s1", "d1")] == [200] * 3
    assert client.post(url, json={"revoke_existing": True}).status_code == 422
    assert _status(client, links["n1"]) == 200


def test_hr_page_mint_never_returns_or_revokes_the_link_of_someone_who_opened_it(
    client: TestClient, campaign_id: int
) -> None:
    csrf = client.headers["X-CSRF-Token"]
    url = f"/hr/campaigns/{campaign_id}/invitations"
    first = client.post(url, data={"csrf_token": csrf})
    assert first.headers["content-type"].startswith("text/csv")
    links = _tokens(first.text)
    _act(client, links)
    again = client.post(url, data={"csrf_token": csrf, "revoke_existing": "on"})
    assert again.status_code == 200 and "text/html" in again.headers["content-type"]
    assert "/p/" not in again.text and 'id="revoke_existing"' not in again.text
    assert re.search(r"\b3 person", again.text) and re.search(r"\b1 (ont|have)\b", again.text)
    assert [_status(client, token) for token in links.values()] == [200] * 4


def _page_rows(html: str) -> dict[str, str]:
    """Each roster row of the campaign page, with its code, ids and CSRF token blanked out."""
    rows = re.findall(r"<tr>\s*<td>([^<]+)</td>(.*?)</tr>", html, re.S)
    blank = {code: re.sub(r'value="[^"]*"', 'value=""', body) for code, body in rows}
    return {code: re.sub(r"\d+", "#", body.replace(code, "CODE")) for code, body in blank.items()}


def test_hr_roster_cannot_tell_a_declined_or_withdrawn_person_from_one_who_never_opened(
    client: TestClient, campaign_id: int
) -> None:
    links = _tokens(client.post(f"/api/v1/hr/campaigns/{campaign_id}/invitations", json={}).text)
    _act(client, links)
    roster = client.get(f"/api/v1/hr/campaigns/{campaign_id}/participants").json()
    seen = {row.pop("code"): row for row in roster if row.pop("id")}
    assert seen["d1"] == seen["n1"] == seen["w1"] == seen["s1"]
    assert seen["n1"]["status"] == "not_finished"
    page = _page_rows(client.get(f"/hr/campaigns/{campaign_id}").text)
    assert page["d1"] == page["n1"] == page["w1"] == page["s1"]
    detail = client.get(f"/api/v1/hr/campaigns/{campaign_id}").json()
    assert "withdrawn" not in detail["counts"] and "declined" not in detail["counts"]


def test_hr_audit_log_does_not_name_who_withdrew(client: TestClient, campaign_id: int) -> None:
    links = _tokens(client.post(f"/api/v1/hr/campaigns/{campaign_id}/invitations", json={}).text)
    _act(client, links)
    roster = client.get(f"/api/v1/hr/campaigns/{campaign_id}/participants").json()
    ids = {str(row["id"]) for row in roster}
    events = client.get("/api/v1/hr/audit").json()
    (withdrawal,) = [e for e in events if e["action"] == "participant.withdraw"]
    assert withdrawal["actor_id"] is None and withdrawal["target_id"] is None
    assert not ids & {e["actor_id"] for e in events if e["actor_kind"] == "participant"}
    page = client.get("/hr/audit").text
    assert "participant.withdraw" in page and withdrawal["created_at"][:10] in page
