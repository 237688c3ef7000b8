"""Attacks on published figures by differencing, replayed through HTTP (issue 13, item 2).

Each test plays what an HR user could do to isolate one person from figures that are each
"large enough", and checks that the platform withholds what would make it work. Expected
values are derived by hand in the comments.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.config import Settings
from app.domain import HRRole
from tests.support.hr import gdpr_texts, login, make_user
from tests.support.hr_world import World, add_person, flatten_teams, make_world
from tests.support.invitations import demo_invitation
from tests.support.participants import auth

WHOLE = "Campagne entière / Whole campaign"


@pytest.fixture(autouse=True)
def _team_trees(db: Session, client: TestClient) -> Iterator[None]:
    """Set up after ``client``, so torn down before its truncation."""
    yield
    flatten_teams(db)


def _dashboard(client: TestClient, world: World) -> dict[str, Any]:
    response = client.get(f"/api/v1/hr/campaigns/{world.campaign.id}/dashboard")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _groups(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {g["name"]: g for g in body["groups"]}


def _cell(group: dict[str, Any], code: str) -> dict[str, Any]:
    return next(c for c in group["questionnaire"]["subscales"] if c["code"] == code)


def _as_hr(client: TestClient, db: Session, world: World) -> None:
    make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    login(client, "hr@org.fr")


def test_subscale_cell_of_the_campaign_minus_a_team_gives_the_sixth_persons_lead(
    client: TestClient, db: Session
) -> None:
    # Minimum 5. Sales: 5 people with LEAD 1..5. Ops: 5 respondents (CONN), only one of whom
    # has a LEAD score (4.6). Rows: Sales 5, Ops 5, campaign 10, all shown. Cells of LEAD:
    # campaign 6, Sales 5, Ops 1 (withheld). Before: 6 · (19.6 / 6) − 5 · 3 = 4.6, the one
    # person's LEAD. Now the campaign's LEAD residual 6 − 5 = 1 withholds Sales' LEAD cell.
    world = make_world(db, {"Sales": None, "Ops": None}, min_q=5)
    for lead in (1.0, 2.0, 3.0, 4.0, 5.0):
        add_person(db, world, "Sales", subscales={"LEAD": lead, "CONN": 3.0})
    add_person(db, world, "Ops", subscales={"LEAD": 4.6, "CONN": 3.0})
    for _ in range(4):
        add_person(db, world, "Ops", subscales={"CONN": 2.0})
    db.commit()
    _as_hr(client, db, world)
    groups = _groups(_dashboard(client, world))
    whole_lead = _cell(groups[WHOLE], "LEAD")
    assert whole_lead["score"]["n"] == 6
    assert whole_lead["score"]["mean"] == pytest.approx(19.6 / 6)
    assert _cell(groups["Ops"], "LEAD")["withheld_reason"] == "small_group"  # 1 LEAD score
    assert _cell(groups["Sales"], "LEAD") == {
        "code": "LEAD",
        "suppressed": True,
        "withheld_reason": "subtraction",  # 5 shown, the campaign's 6 - 5 would give Ops' 1
        "score": None,
        "rwg_j": None,
        "mean_reliability": None,
    }
    # the rows and the other cells stay: CONN has 5 + 5, residual 0
    assert _cell(groups["Sales"], "CONN")["score"]["n"] == 5
    assert _cell(groups["Ops"], "CONN")["score"]["mean"] == pytest.approx((3.0 + 4 * 2.0) / 5)


def test_context_breakdown_subscale_cell_minus_an_option_gives_one_persons_lead(
    client: TestClient, db: Session
) -> None:
    # Minimum 5. Role family: 5 front-line people with LEAD 2 each; 5 support people with
    # AUTO, one of whom also has LEAD 5. Breakdown cells of LEAD: campaign 6 (mean 15/6 = 2.5),
    # front line 5 (mean 2). Before: 6 · 2.5 − 5 · 2 = 5, the support person's LEAD.
    world = make_world(db, {"Sales": None}, min_q=5)
    front = {"context:role_family": 1}
    support = {"context:role_family": 2}
    for _ in range(5):
        add_person(db, world, "Sales", subscales={"LEAD": 2.0, "AUTO": 3.0}, answers=front)
    add_person(db, world, "Sales", subscales={"LEAD": 5.0, "AUTO": 3.0}, answers=support)
    for _ in range(4):
        add_person(db, world, "Sales", subscales={"AUTO": 4.0}, answers=support)
    db.commit()
    _as_hr(client, db, world)
    body = _dashboard(client, world)
    role = next(b for b in body["context_breakdowns"] if b["question_id"] == "role_family")
    rows = {r["code"]: r for r in role["rows"]}
    assert _cell(_groups(body)[WHOLE], "LEAD")["score"]["mean"] == pytest.approx(2.5)
    assert _cell(rows["front_line"], "LEAD")["suppressed"]
    assert _cell(rows["support"], "LEAD")["suppressed"]
    # AUTO: 5 + 5, nothing to isolate
    assert _cell(rows["front_line"], "AUTO")["score"]["mean"] == pytest.approx(3.0)
    assert _cell(rows["support"], "AUTO")["score"]["mean"] == pytest.approx((3.0 + 16.0) / 5)


def test_successive_views_of_an_open_campaign_give_the_newcomers_d(
    client: TestClient, db: Session
) -> None:
    # Minimum 5. Sales has 5 D scores (mean .2), then a sixth person finishes with D = .8.
    # Before: 6 · (1.8 / 6) − 5 · .2 = .8 from two views. Now nothing is published while the
    # campaign is open (participation counts only), and the figures appear once it closes.
    world = make_world(db, {"Sales": None}, min_iat=5, state="open")
    for d in (0.0, 0.1, 0.2, 0.3, 0.4):
        add_person(db, world, "Sales", d=d)
    db.commit()
    _as_hr(client, db, world)
    first = _dashboard(client, world)
    add_person(db, world, "Sales", d=0.8)
    db.commit()
    second = _dashboard(client, world)
    for view, completed in ((first, 5), (second, 6)):
        assert all(g["iat"] == _withheld_iat() for g in view["groups"])
        assert view["published"] is False
        assert all(g["questionnaire"]["suppressed"] for g in view["groups"])
        assert view["d_distribution"] is None and view["d_split_half"] is None
        assert _groups(view)["Sales"]["completion"]["completed"] == completed
    url = f"/api/v1/hr/campaigns/{world.campaign.id}/exports"
    export = client.post(url, json={"kind": "team", "format": "csv"})
    rows = {r["team"]: r for r in csv.DictReader(io.StringIO(export.text))}
    assert rows["Sales"]["d_mean"] == "" and rows["Sales"]["completed"] == "6"
    closed = client.post(f"/api/v1/hr/campaigns/{world.campaign.id}/close")
    assert closed.status_code == 200, closed.text
    final = _dashboard(client, world)
    assert final["published"] is True
    sales = _groups(final)["Sales"]["iat"]["d"]
    assert (sales["n"], sales["mean"]) == (6, pytest.approx(1.8 / 6))


def _withheld_iat() -> dict[str, Any]:
    keys = ("d", "bands", "excluded", "flagged", "skipped")
    return {"suppressed": True, "withheld_reason": "unpublished"} | dict.fromkeys(keys)


def test_team_column_of_a_pseudonymous_export_names_the_only_finisher_of_a_team(
    client: TestClient, db: Session
) -> None:
    # IAT minimum 3. Sales: 3 finished; North (below Sales): 1 finished; Ops: 3 finished.
    # HR sees in the roster who finished in North, so a row saying "North" names that person.
    # Now North's row carries Sales (Sales' 3 + North's 1 = 4 ≥ 3) and "North" never appears.
    world = make_world(db, {"Sales": None, "North": "Sales", "Ops": None})
    for team in ("Sales", "Sales", "Sales", "North", "Ops", "Ops", "Ops"):
        add_person(db, world, team, d=0.1)
    db.commit()
    _as_hr(client, db, world)
    url = f"/api/v1/hr/campaigns/{world.campaign.id}/exports"
    response = client.post(url, json={"kind": "individual", "format": "csv"})
    assert response.status_code == 200, response.text
    teams = [row["team"] for row in csv.DictReader(io.StringIO(response.text))]
    assert sorted(teams) == ["Ops"] * 3 + ["Sales"] * 4


def test_pseudonymous_team_column_leaves_no_small_remainder_without_a_team(
    client: TestClient, db: Session
) -> None:
    # IAT minimum 3. Sales 4 finished, Ops 1. Ops has no parent: its row would carry no team,
    # and "the one row without a team" is Ops' finisher. So Sales loses its label too: 5 rows,
    # none with a team.
    world = make_world(db, {"Sales": None, "Ops": None})
    for team in ("Sales", "Sales", "Sales", "Sales", "Ops"):
        add_person(db, world, team, d=0.1)
    db.commit()
    _as_hr(client, db, world)
    url = f"/api/v1/hr/campaigns/{world.campaign.id}/exports"
    response = client.post(url, json={"kind": "individual", "format": "csv"})
    teams = [row["team"] for row in csv.DictReader(io.StringIO(response.text))]
    assert teams == [""] * 5


def test_open_link_completions_pad_a_team_above_the_minimum(
    client: TestClient, db: Session
) -> None:
    # IAT minimum 3. Sales: one invited person (D = .9) and two completions through Sales'
    # open link made by whoever holds the link (D = 0 each). Before: n = 3, mean .3, so the
    # invited person's D = 3 · .3 − 0 − 0 = .9. Now only 1 person counts toward the minimum.
    world = make_world(db, {"Sales": None})
    add_person(db, world, "Sales", d=0.9)
    for _ in range(2):
        add_person(db, world, "Sales", d=0.0, via_open_link=True)
    db.commit()
    _as_hr(client, db, world)
    body = _dashboard(client, world)
    sales = _groups(body)["Sales"]
    assert sales["iat"]["suppressed"] and _groups(body)[WHOLE]["iat"]["suppressed"]
    assert (sales["completion"]["completed"], sales["completion"]["completed_open_link"]) == (3, 2)
    assert body["campaign"]["open_link_counts_toward_minimum"] is False
    page = client.get(f"/hr/campaigns/{world.campaign.id}/dashboard?lang=en")
    assert "through the team&#39;s open link" in page.text and "Sales : 2" in page.text


def test_open_link_completions_count_when_the_policy_says_so(
    client: TestClient, db: Session
) -> None:
    # Same team, with open_link_counts_toward_minimum: 3 count, mean (0.9 + 0 + 0) / 3 = .3.
    world = make_world(db, {"Sales": None}, open_link_counts=True)
    add_person(db, world, "Sales", d=0.9)
    for _ in range(2):
        add_person(db, world, "Sales", d=0.0, via_open_link=True)
    db.commit()
    _as_hr(client, db, world)
    sales = _groups(_dashboard(client, world))["Sales"]["iat"]["d"]
    assert (sales["n"], sales["mean"]) == (3, pytest.approx(0.3))


def test_open_link_policy_is_locked_once_the_campaign_opens(
    client: TestClient, db: Session
) -> None:
    world = make_world(db, {"Sales": None})
    db.commit()
    _as_hr(client, db, world)
    body = {
        "name": "Pilot",
        "team_ids": [world.teams["Sales"].id],
        "open_link_counts_toward_minimum": True,
        "texts": gdpr_texts(),
    }
    created = client.post("/api/v1/hr/campaigns", json=body)
    assert created.status_code == 201, created.text
    campaign = created.json()["campaign"]
    assert campaign["open_link_counts_toward_minimum"] is True
    assert client.post(f"/api/v1/hr/campaigns/{campaign['id']}/open").status_code == 200
    change = {"open_link_counts_toward_minimum": False}
    refused = client.patch(f"/api/v1/hr/campaigns/{campaign['id']}", json=change)
    assert refused.status_code == 409
    assert "open_link_counts_toward_minimum" in refused.json()["detail"]


def test_consent_page_states_publication_at_closing_and_the_open_link_rule(
    client: TestClient, db: Session, settings: Settings
) -> None:
    token = demo_invitation(db, settings)
    body = client.get("/api/v1/participant/session?lang=en", headers=auth(token)).json()
    text = " ".join(p for section in body["consent"] for p in section["paragraphs"])
    assert "only once the campaign has closed" in text
    assert "open link do not count toward these minimums" in text


def test_successive_pseudonymous_exports_of_an_open_campaign_name_the_newcomer(
    client: TestClient, db: Session
) -> None:
    # Two individual exports of an open campaign, before and after Bob finishes (the roster
    # shows it): the one new pseudonym would be Bob's. Pseudonymous rows wait for the closing.
    world = make_world(db, {"Sales": None}, state="open")
    for d in (0.1, 0.2, 0.3):
        add_person(db, world, "Sales", d=d)
    db.commit()
    _as_hr(client, db, world)
    url = f"/api/v1/hr/campaigns/{world.campaign.id}/exports"
    for kind in ("individual", "trials"):
        refused = client.post(url, json={"kind": kind, "format": "csv"})
        assert refused.status_code == 409, refused.text
        assert "closed" in refused.json()["detail"]
    assert client.post(f"/api/v1/hr/campaigns/{world.campaign.id}/close").status_code == 200
    rows = client.post(url, json={"kind": "individual", "format": "csv"})
    assert rows.status_code == 200 and rows.headers["x-row-count"] == "3"
