"""Implicit beside explicit: team gaps (HR and research API) under suppression, and the
person-level correlation for researchers only where the policy allows rows.

Team A: D = 0, .2, .4 and every subscale 3, 4, 5; team B: D = .6, .8, 1 and 2, 3, 4.
Expected values from R 4: z-scores over the 6 people, gap = mean z(D) − mean z(LEAD) of A,
``var(zd)/3 + var(zl)/3 − 2·3·cov(zd, zl)/9``; ``cor.test(d, l)``.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.domain import ApiScope, HRRole
from tests.api.test_research_world import make_token
from tests.support.hr import login, login_manager, make_user
from tests.support.hr_world import World, add_person, make_world
from tests.support.participants import auth

PEOPLE = {"A": ([0.0, 0.2, 0.4], [3.0, 4.0, 5.0]), "B": ([0.6, 0.8, 1.0], [2.0, 3.0, 4.0])}


def _world(db: Session, **policy: object) -> World:
    world = make_world(db, {"A": None, "B": None}, **policy)  # type: ignore[arg-type]
    for team, (ds, leads) in PEOPLE.items():
        for d, lead in zip(ds, leads, strict=True):
            add_person(db, world, team, d=d,
                       subscales={"LEAD": lead, "CONN": lead, "AUTO": lead})  # fmt: skip
    db.commit()
    return world


def _component(body: dict, team: str, code: str) -> dict:
    row = next(t for t in body["teams"] if t["name"] == team)
    return next(c for c in row["components"] if c["code"] == code)


def test_hr_gap_matches_r_and_sits_beside_both_means(client: TestClient, db: Session) -> None:
    world = _world(db)
    make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    login(client, "hr@org.fr")
    body = client.get(f"/api/v1/hr/campaigns/{world.campaign.id}/implicit-explicit").json()
    assert [t["name"] for t in body["teams"]] == ["A", "B"]  # no campaign row
    lead = _component(body, "A", "LEAD")
    assert lead["score"]["mean"] == pytest.approx(4.0)
    assert lead["gap"] == pytest.approx(-1.278515020360069)
    assert lead["gap_se"] == pytest.approx(0.241875182638996)
    assert lead["gap_ci_low"] == pytest.approx(-1.752581667086550)
    assert lead["gap_ci_high"] == pytest.approx(-0.804448373633589)
    assert body["teams"][0]["d"]["mean"] == pytest.approx(0.2)


def test_no_gap_where_a_figure_is_withheld(client: TestClient, db: Session) -> None:
    world = _world(db, min_q=4)  # 3 respondents per team: every questionnaire cell withheld
    login_manager(client, db, world.organisation.id, [world.teams["B"].id])
    body = client.get(f"/api/v1/hr/campaigns/{world.campaign.id}/implicit-explicit").json()
    assert [t["name"] for t in body["teams"]] == ["B"]
    lead = _component(body, "B", "LEAD")
    assert lead["withheld_reason"] == "small_group"
    assert lead["gap"] is None and lead["gap_ci_low"] is None and lead["score"] is None
    assert body["teams"][0]["d"]["mean"] == pytest.approx(0.8)  # the IAT row is shown


def test_an_open_campaign_shows_no_gap(client: TestClient, db: Session) -> None:
    world = _world(db, state="open")
    token = make_token(db, world.organisation.id, (ApiScope.SCORES_READ,))
    url = f"/api/v1/campaigns/{world.campaign.id}/implicit-explicit"
    body = client.get(url, headers=auth(token)).json()
    assert body["published"] is False
    assert all(c["gap"] is None for t in body["teams"] for c in t["components"])
    refused = client.get(url + "/correlation", headers=auth(token))
    assert refused.status_code == 409


def test_correlation_only_where_individual_rows_are_allowed(
    client: TestClient, db: Session
) -> None:
    allowed = _world(db)
    token = make_token(db, allowed.organisation.id, (ApiScope.SCORES_READ,))
    url = f"/api/v1/campaigns/{allowed.campaign.id}/implicit-explicit/correlation"
    lead = client.get(url, headers=auth(token)).json()["correlations"][0]
    assert (lead["code"], lead["n"]) == ("LEAD", 6)
    assert lead["r"] == pytest.approx(-0.0509647191437625)
    assert lead["ci_low"] == pytest.approx(-0.8282680105743231)
    assert lead["ci_high"] == pytest.approx(0.7934129046656730)
    closed_off = _world(db, policy="none", org_name="Aggregates only")
    other = make_token(db, closed_off.organisation.id, (ApiScope.SCORES_READ,), name="other")
    url = f"/api/v1/campaigns/{closed_off.campaign.id}/implicit-explicit/correlation"
    assert client.get(url, headers=auth(other)).status_code == 403
    assert client.get(url, headers=auth(token)).status_code == 404  # another organisation's
    writer = make_token(db, allowed.organisation.id, (ApiScope.OUTCOMES_WRITE,), name="w")
    url = f"/api/v1/campaigns/{allowed.campaign.id}/implicit-explicit/correlation"
    assert client.get(url, headers=auth(writer)).status_code == 403
