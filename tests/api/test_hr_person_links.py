"""One person's links through HR's API: a resend never hands HR the link of someone who opened
theirs, leaves the older links working; a revoke ends that person's links and no one else's;
bulk minting gives links only to late joiners."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Invitation
from tests.support.hr import unlink_team_tree
from tests.support.mail import (
    mail_campaign,
    mail_out,
    messages,
    participant_ids,
    tokens_by_address,
)
from tests.support.participants import auth

PARTICIPANT = "/api/v1/participant"
OPENED = {"error": "Conflict", "detail": "this person has already opened their link"}


@pytest.fixture
def campaign_id(client: TestClient, db: Session) -> Iterator[int]:
    yield mail_campaign(client, db)
    unlink_team_tree(db)


def _links(client: TestClient, campaign_id: int) -> dict[str, str]:
    minted = client.post(f"/api/v1/hr/campaigns/{campaign_id}/invitations", json={})
    assert minted.status_code == 200, minted.text
    rows = csv.DictReader(io.StringIO(minted.text.lstrip("\ufeff")))
    return {row["code"]: row["url"].rsplit("/", 1)[1] for row in rows}


def _status(client: TestClient, token: str) -> int:
    return client.get(f"{PARTICIPANT}/session", headers=auth(token)).status_code


def _count(db: Session) -> int:
    return int(db.scalar(select(func.count()).select_from(Invitation)) or 0)


def test_resend_for_someone_who_opened_is_409_and_no_link_anywhere(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    links, ids = _links(client, campaign_id), participant_ids(db)
    refuse, accept = {"language": "fr", "accept": False}, {"language": "fr", "accept": True}
    assert client.post(f"{PARTICIPANT}/consent", json=refuse, headers=auth(links["d1"])).is_success
    assert client.post(f"{PARTICIPANT}/consent", json=accept, headers=auth(links["w1"])).is_success
    assert client.post(f"{PARTICIPANT}/withdraw", headers=auth(links["w1"])).is_success
    assert _status(client, links["a1"]) == 200  # only opened
    before = _count(db)
    for code in ("d1", "w1", "a1"):
        url = f"/api/v1/hr/campaigns/{campaign_id}/participants/{ids[code]}/links"
        answer = client.post(url)
        assert (answer.status_code, answer.json()) == (409, OPENED)
        assert "/p/" not in answer.text and "url" not in answer.json()
        page = client.post(
            f"/hr/campaigns/{campaign_id}/participants/{ids[code]}/resend",
            data={"csrf_token": client.headers["X-CSRF-Token"]},
        )
        assert page.status_code == 409 and "/p/" not in page.text
    assert _count(db) == before


def test_resend_gives_a_new_link_and_the_old_one_keeps_working(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    links, ids = _links(client, campaign_id), participant_ids(db)
    url = f"/api/v1/hr/campaigns/{campaign_id}/participants/{ids['x1']}/links"
    resent = client.post(url)
    assert resent.status_code == 201, resent.text
    new = resent.json()["url"].rsplit("/", 1)[1]
    assert new != links["x1"] and resent.json()["code"] == "x1"
    assert _status(client, links["x1"]) == 200 and _status(client, new) == 200
    again = client.post(url)  # x1 opened a link now: no more links handed to HR
    assert (again.status_code, again.json()) == (409, OPENED)
    events = [e["action"] for e in client.get("/api/v1/hr/audit").json()]
    assert "link.resend" in events


def test_revoke_ends_only_that_persons_links(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    links, ids = _links(client, campaign_id), participant_ids(db)
    base = f"/api/v1/hr/campaigns/{campaign_id}/participants"
    second = client.post(f"{base}/{ids['a1']}/links").json()["url"].rsplit("/", 1)[1]
    revoked = client.delete(f"{base}/{ids['a1']}/links")
    assert revoked.status_code == 200 and revoked.json()["revoked"] == 2
    assert _status(client, links["a1"]) == 410 and _status(client, second) == 410
    others = [code for code in links if code != "a1"]
    assert [_status(client, links[code]) for code in others] == [200] * len(others)
    # Revoked people are left out of audience mail-outs; named, they get a fresh link.
    mail_out(client, campaign_id, kind="invitation", audience="not_invited")
    # a1 revoked: left out; the others opened their CSV link before any e-mail: no link.
    assert tokens_by_address(db) == {} and len(messages(db)) == 4
    mail_out(
        client,
        campaign_id,
        kind="invitation",
        audience="participant_ids",
        participant_ids=[ids["a1"]],
    )
    (fresh,) = tokens_by_address(db)["a1@org.example"]
    assert _status(client, fresh) == 200 and _status(client, links["a1"]) == 410
    events = [e["action"] for e in client.get("/api/v1/hr/audit").json()]
    assert "link.revoke" in events and len(messages(db)) == 5


def test_bulk_mint_gives_links_only_to_late_joiners(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    first = _links(client, campaign_id)
    imported = client.post(
        f"/api/v1/hr/campaigns/{campaign_id}/participants/import",
        json={"csv": "code,team\nlate1,Support\n", "confirm": True},
    )
    assert imported.status_code == 200
    assert list(_links(client, campaign_id)) == ["late1"]
    assert [_status(client, token) for token in first.values()] == [200] * len(first)


def test_roster_buttons_give_a_new_link_once_and_revoke_one_persons_links(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    links, ids = _links(client, campaign_id), participant_ids(db)
    csrf, page = {"csrf_token": client.headers["X-CSRF-Token"]}, f"/hr/campaigns/{campaign_id}"
    resent = client.post(f"{page}/participants/{ids['x1']}/resend", data=csrf)
    assert resent.status_code == 200
    (new,) = re.findall(r'<code class="hr-link">[^<]*/p/([^<]+)</code>', resent.text)
    assert _status(client, new) == 200 and _status(client, links["x1"]) == 200
    assert new not in client.get(page).text  # shown once
    revoked = client.post(
        f"{page}/participants/{ids['x1']}/revoke", data=csrf, follow_redirects=False
    )
    assert revoked.status_code == 303
    assert _status(client, new) == 410 and _status(client, links["x1"]) == 410
    assert _status(client, links["a1"]) == 200
