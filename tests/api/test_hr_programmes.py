"""Programmes: waves, trends per team and the change between two waves, through HTTP.

Wave 1 (closed): Sales 3 people, Support D = .1 .2 .3, Ops 2 people. Ops is below the minimum
(3) and the campaign minus Sales and Support would isolate it, so Sales (the smaller of the
tie, lower id) is withheld by subtraction. Wave 2 (closed): Sales 3, Support D = .5 .6 .7 .8,
Ops 3: all shown. Expected values from R 4: ``t.test(c(.5,.6,.7,.8), c(.1,.2,.3))``.
"""

from __future__ import annotations

import math

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.aggregates.schemas import DashboardRead, SplitHalfRead
from app.db.models import Campaign, CampaignTeam, Programme
from app.domain import HRRole
from app.programmes import trends
from tests.support.hr import campaign_body, login, login_manager, make_campaign, make_user
from tests.support.hr_world import World, add_person, make_world

WAVE_1 = {"Sales": [0.0, 0.1, 0.2], "Support": [0.1, 0.2, 0.3], "Ops": [0.4, 0.5]}
WAVE_2 = {"Sales": [0.1, 0.2, 0.3], "Support": [0.5, 0.6, 0.7, 0.8], "Ops": [0.4, 0.5, 0.6]}
LEAD = {1: [3.0, 4.0, 5.0], 2: [4.0, 5.0, 5.0, 6.0]}


def _wave(db: Session, world: World, name: str, state: str = "closed") -> World:
    campaign = Campaign(
        organisation_id=world.organisation.id, name=name, state=state,
        questionnaire_bank_id=world.campaign.questionnaire_bank_id,
        min_group_size_iat=3, min_group_size_questionnaire=3,
    )  # fmt: skip
    db.add(campaign)
    db.flush()
    for team in world.teams.values():
        db.add(CampaignTeam(campaign_id=campaign.id, team_id=team.id))
    db.flush()
    return World(world.organisation, campaign, world.teams)


def _fill(db: Session, wave: World, scores: dict[str, list[float]], lead: list[float]) -> None:
    for team, values in scores.items():
        for i, d in enumerate(values):
            subscales = {"LEAD": lead[i]} if team == "Support" else None
            add_person(db, wave, team, d=d, subscales=subscales)


@pytest.fixture
def waves(db: Session) -> tuple[Programme, World, World]:
    first = make_world(db, {"Sales": None, "Support": None, "Ops": None})
    programme = Programme(organisation_id=first.organisation.id, name="Baromètre")
    db.add(programme)
    db.flush()
    first.campaign.programme_id = programme.id
    second = _wave(db, first, "Wave 2")
    second.campaign.programme_id = programme.id
    _fill(db, first, WAVE_1, LEAD[1])
    _fill(db, second, WAVE_2, LEAD[2])
    db.commit()
    return programme, first, second


def _admin(client: TestClient, db: Session, world: World) -> None:
    make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    login(client, "hr@org.fr")


def _points(body: dict, team: str, measure: str) -> list[dict]:
    row = next(t for t in body["teams"] if t["name"] == team)
    return next(s["points"] for s in row["series"] if s["measure"] == measure)


def test_trends_show_each_wave_under_its_own_suppression(
    client: TestClient, db: Session, waves: tuple[Programme, World, World]
) -> None:
    programme, first, second = waves
    _admin(client, db, first)
    body = client.get(f"/api/v1/hr/programmes/{programme.id}/trends").json()
    assert [w["campaign_id"] for w in body["waves"]] == [first.campaign.id, second.campaign.id]
    assert body["measures"][0] == "D" and "LEAD" in body["measures"]
    support = _points(body, "Support", "D")
    assert support[0]["mean"] == pytest.approx(0.2) and support[0]["n"] == 3
    # R: t.test(c(.1,.2,.3))$conf.int
    assert support[0]["ci_low"] == pytest.approx(-0.0484137711750329)
    assert support[0]["ci_high"] == pytest.approx(0.4484137711750329)
    assert support[1]["mean"] == pytest.approx(0.65)
    ops, sales = _points(body, "Ops", "D"), _points(body, "Sales", "D")
    assert ops[0] | {"campaign_id": 0} == {
        "campaign_id": 0, "measured": True, "shown": False, "withheld_reason": "small_group",
        "n": None, "mean": None, "sd": None, "ci_low": None, "ci_high": None,
    }  # fmt: skip
    assert sales[0]["withheld_reason"] == "subtraction" and sales[0]["mean"] is None
    assert ops[1]["shown"] and ops[1]["mean"] == pytest.approx(0.5)
    assert _points(body, "Support", "LEAD")[1]["mean"] == pytest.approx(5.0)


def test_change_is_welch_and_never_shown_for_a_team_withheld_in_one_wave(
    client: TestClient, db: Session, waves: tuple[Programme, World, World]
) -> None:
    programme, first, second = waves
    _admin(client, db, first)
    url = f"/api/v1/hr/programmes/{programme.id}/change"
    body = client.get(url, params={"from": first.campaign.id, "to": second.campaign.id}).json()
    teams = {t["name"]: {c["measure"]: c for c in t["changes"]} for t in body["teams"]}
    support = teams["Support"]["D"]
    assert support["shown"] and support["difference"] == pytest.approx(0.45)
    assert support["df"] == pytest.approx(4.95918367346939)
    assert support["ci_low"] == pytest.approx(0.226828851866121)
    assert support["ci_high"] == pytest.approx(0.673171148133879)
    assert support["rci"] is None  # no trials: the split-half reliability is unknown
    for team in ("Ops", "Sales"):  # withheld in wave 1: no difference at all
        change = teams[team]["D"]
        assert not change["shown"] and change["difference"] is None
        assert change["ci_low"] is None and change["after"]["shown"] is True
    assert "Jacobson" in body["method"]["en"]


def test_change_refuses_open_foreign_or_identical_waves(
    client: TestClient, db: Session, waves: tuple[Programme, World, World]
) -> None:
    programme, first, _ = waves
    third = _wave(db, first, "Wave 3", state="open")
    third.campaign.programme_id = programme.id
    other = _wave(db, first, "Not in the programme")
    db.commit()
    _admin(client, db, first)
    url = f"/api/v1/hr/programmes/{programme.id}/change"
    ask = {"from": first.campaign.id}
    assert client.get(url, params=ask | {"to": third.campaign.id}).status_code == 409
    assert client.get(url, params=ask | {"to": other.campaign.id}).status_code == 404
    assert client.get(url, params=ask | {"to": first.campaign.id}).status_code == 422
    assert client.get(url, params=ask | {"to": 2**31}).status_code == 422


def test_manager_sees_only_their_teams_across_waves(
    client: TestClient, db: Session, waves: tuple[Programme, World, World]
) -> None:
    programme, first, second = waves
    login_manager(client, db, first.organisation.id, [first.teams["Ops"].id])
    trends = client.get(f"/api/v1/hr/programmes/{programme.id}/trends").json()
    assert [t["name"] for t in trends["teams"]] == ["Ops"]
    params = {"from": first.campaign.id, "to": second.campaign.id}
    change = client.get(f"/api/v1/hr/programmes/{programme.id}/change", params=params).json()
    assert [t["name"] for t in change["teams"]] == ["Ops"]
    assert change["teams"][0]["changes"][0]["difference"] is None  # Ops is withheld in wave 1
    assert client.get("/api/v1/hr/programmes").status_code == 403
    assert client.post("/api/v1/hr/programmes", json={"name": "Mine"}).status_code == 403


def test_another_organisation_gets_404(
    client: TestClient, db: Session, waves: tuple[Programme, World, World]
) -> None:
    programme, _, _ = waves
    other = make_world(db, {"Elsewhere": None}, org_name="Other")
    db.commit()
    _admin(client, db, other)
    assert client.get(f"/api/v1/hr/programmes/{programme.id}/trends").status_code == 404
    assert client.get("/api/v1/hr/programmes").json() == []


def test_create_list_and_attach_campaigns(client: TestClient, db: Session) -> None:
    world = make_world(db, {"Sales": None})
    other = make_world(db, {"Elsewhere": None}, org_name="Other")
    foreign = Programme(organisation_id=other.organisation.id, name="Theirs")
    db.add(foreign)
    db.commit()
    _admin(client, db, world)
    created = client.post("/api/v1/hr/programmes", json={"name": "Baromètre"})
    assert created.status_code == 201, created.text
    programme_id = created.json()["id"]
    assert client.post("/api/v1/hr/programmes", json={"name": "Baromètre"}).status_code == 409
    campaign_id = make_campaign(client, "Vague 1", programme_id=programme_id)
    listed = client.get("/api/v1/hr/programmes").json()
    assert listed[0]["campaign_ids"] == [campaign_id]
    detail = client.get(f"/api/v1/hr/campaigns/{campaign_id}").json()
    assert detail["campaign"]["programme_id"] == programme_id
    patch = f"/api/v1/hr/campaigns/{campaign_id}"
    assert client.patch(patch, json={"programme_id": foreign.id}).status_code == 404
    detached = client.patch(patch, json={"programme_id": None}).json()
    assert detached["campaign"]["programme_id"] is None
    refused = client.post("/api/v1/hr/campaigns", json=campaign_body("X", programme_id=foreign.id))
    assert refused.status_code == 404
    assert "programme" in refused.json()["detail"]


def test_reliable_change_uses_each_wave_s_split_half_reliability(
    client: TestClient,
    db: Session,
    waves: tuple[Programme, World, World],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With r = .8 in both waves (SE² = .1²·.2/3 + (.05/3)·.2/4 = .0015), RCI = .45 / √.0015."""
    real = trends.campaign_dashboard

    def reliable(*args: object) -> DashboardRead:
        board = real(*args)  # type: ignore[arg-type]
        halves = SplitHalfRead(method="odd/even", n=10, r=0.67, spearman_brown=0.8)
        return board.model_copy(update={"d_split_half": halves})

    monkeypatch.setattr(trends, "campaign_dashboard", reliable)
    programme, first, second = waves
    _admin(client, db, first)
    params = {"from": first.campaign.id, "to": second.campaign.id}
    body = client.get(f"/api/v1/hr/programmes/{programme.id}/change", params=params).json()
    support = next(t for t in body["teams"] if t["name"] == "Support")["changes"][0]
    assert support["rci"] == pytest.approx(0.45 / math.sqrt(0.0015))
    assert support["reliable"] is True
    assert body["before"]["d_reliability"] == pytest.approx(0.8)
