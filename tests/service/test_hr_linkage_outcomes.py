"""The linkage use case end to end: outcome rows read from ``team_outcomes``, who may see what.

The ``team_outcomes`` table comes with the programmes/outcomes work (migration 0012); until both
are merged this test creates a table of the same columns when it is missing, so the query runs on
SQLite and PostgreSQL alike either way.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.aggregates.linkage import campaign_linkage
from app.domain import HRRole
from app.errors import Forbidden, NotFound
from tests.support.hr import login, make_user
from tests.support.hr_world import World, flatten_teams
from tests.support.linkage_world import TEAMS, linkage_world, nps

_COLUMNS = (
    "campaign_id INTEGER NOT NULL, team_id INTEGER NOT NULL, metric VARCHAR(100) NOT NULL, "
    "value FLOAT NOT NULL, n_customers INTEGER, period VARCHAR(50) NOT NULL, "
    "direction VARCHAR(20) NOT NULL, created_at TIMESTAMP NOT NULL"
)
_INSERT = text(
    "INSERT INTO team_outcomes (campaign_id, team_id, metric, value, n_customers, period, "
    "direction, created_at) VALUES (:campaign_id, :team_id, :metric, :value, :n_customers, "
    ":period, :direction, :created_at)"
)


@pytest.fixture
def outcomes(db: Session) -> Iterator[None]:
    if not inspect(db.get_bind()).has_table("team_outcomes"):
        key = "SERIAL" if db.get_bind().dialect.name == "postgresql" else "INTEGER"
        db.execute(text(f"CREATE TABLE team_outcomes (id {key} PRIMARY KEY, {_COLUMNS})"))
        db.commit()
    yield
    db.rollback()
    db.execute(text("DELETE FROM team_outcomes"))
    db.commit()
    flatten_teams(db)


def _store(db: Session, world: World) -> None:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    for t, name in enumerate(TEAMS):
        for metric, value, direction in (
            ("nps", nps(t), "higher_better"),
            ("churn", -nps(t) / 100, "lower_better"),
        ):
            row = {
                "campaign_id": world.campaign.id,
                "team_id": world.teams[name].id,
                "metric": metric,
            }
            db.execute(
                _INSERT,
                row
                | {
                    "value": value,
                    "n_customers": 80 + t,
                    "period": "2026-Q2",
                    "direction": direction,
                    "created_at": now,
                },
            )
    db.commit()


@pytest.mark.usefixtures("outcomes")
def test_hr_admin_gets_every_outcome(db: Session) -> None:
    world = linkage_world(db)
    _store(db, world)
    admin = HRScope(world.organisation.id, None, user_id=1, role=HRRole.HR_ADMIN)
    read = campaign_linkage(db, admin, world.campaign.id)
    assert [(o.metric, o.direction) for o in read.outcomes] == [
        ("churn", "lower_better"),
        ("nps", "higher_better"),
    ]
    churn, nps = read.outcomes
    assert churn.n_teams == nps.n_teams == 24
    for a, b in zip(churn.predictors, nps.predictors, strict=True):
        assert a.pearson.r == pytest.approx(b.pearson.r)  # churn ∝ −NPS, turned around


@pytest.mark.usefixtures("outcomes")
def test_who_may_see_the_linkage(db: Session) -> None:
    world = linkage_world(db)
    _store(db, world)
    mine = frozenset({world.teams["T01"].id, world.teams["T02"].id})
    manager = HRScope(world.organisation.id, mine, user_id=2, role=HRRole.MANAGER)
    assert all(o.n_teams == 2 for o in campaign_linkage(db, manager, world.campaign.id).outcomes)
    with pytest.raises(Forbidden):
        campaign_linkage(
            db, HRScope(None, None, user_id=3, role=HRRole.PLATFORM_ADMIN), world.campaign.id
        )
    other = HRScope(world.organisation.id + 1000, None, user_id=4, role=HRRole.HR_ADMIN)
    with pytest.raises(NotFound):
        campaign_linkage(db, other, world.campaign.id)


@pytest.mark.usefixtures("outcomes")
def test_linkage_over_http_is_the_use_case_and_needs_a_reach(
    client: TestClient, db: Session
) -> None:
    world = linkage_world(db)
    _store(db, world)
    path = f"/api/v1/hr/campaigns/{world.campaign.id}/linkage"
    assert client.get(path).status_code == 401  # signed out
    make_user(db, "hr@linkage.example", HRRole.HR_ADMIN, world.organisation.id)
    login(client, "hr@linkage.example")
    answer = client.get(path)
    assert answer.status_code == 200, answer.text
    admin = HRScope(world.organisation.id, None, user_id=1, role=HRRole.HR_ADMIN)
    expected = campaign_linkage(db, admin, world.campaign.id).model_dump(mode="json")
    assert answer.json() == expected
    assert [o["metric"] for o in answer.json()["outcomes"]] == ["churn", "nps"]
