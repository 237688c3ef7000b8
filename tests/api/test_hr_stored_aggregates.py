"""Every reader of the team aggregates serves the stored row: the dashboard page and JSON, each
chart, the team export and the research team-aggregates answer with the computation refused,
and the stored row's time does not move."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.aggregates import stored
from app.db.models import CampaignAggregate
from app.domain import HRRole
from tests.api.test_research_world import make_token
from tests.support.hr import login, make_user
from tests.support.hr_world import World, add_person, flatten_teams, make_world
from tests.support.participants import auth


@pytest.fixture(autouse=True)
def _team_trees(db: Session, client: TestClient) -> Iterator[None]:
    yield
    flatten_teams(db)


def _world(db: Session) -> World:
    world = make_world(db, {"Sales": None, "Ops": None})
    for d in (0.1, 0.2, 0.3, 0.4):
        add_person(db, world, "Sales", d=d, subscales={"LEAD": 3.0, "CONN": 4.0, "AUTO": 2.0})
    for d in (-0.1, 0.0, 0.5):
        add_person(db, world, "Ops", d=d)
    db.commit()
    return world


def _computed_at(db: Session, campaign_id: int) -> Any:
    db.expire_all()
    row = db.get(CampaignAggregate, campaign_id)
    assert row is not None
    return row.computed_at


def test_no_reader_recomputes(
    client: TestClient, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = _world(db)
    make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    login(client, "hr@org.fr")
    base = f"/hr/campaigns/{world.campaign.id}/dashboard"
    first = client.get(f"/api/v1{base}")  # computes once: no stored row yet
    assert first.status_code == 200
    computed_at = _computed_at(db, world.campaign.id)

    def refuse(*_args: Any) -> None:
        raise AssertionError("a request recomputed the aggregates")

    monkeypatch.setattr(stored, "load_campaign_data", refuse)
    urls = [base, f"/api/v1{base}"]
    urls += [f"{base}/charts/{name}.svg" for name in ("d-distribution", "iat-teams", "heatmap")]
    for url in urls * 2:
        assert client.get(url).status_code == 200, url
    export = client.post(
        f"/api/v1/hr/campaigns/{world.campaign.id}/exports", json={"kind": "team", "format": "csv"}
    )
    assert export.status_code == 200 and "Sales" in export.text
    token = make_token(db, world.organisation.id)
    research = client.get(
        f"/api/v1/campaigns/{world.campaign.id}/team-aggregates", headers=auth(token)
    )
    assert research.status_code == 200
    assert research.json()["groups"] == first.json()["groups"]
    assert _computed_at(db, world.campaign.id) == computed_at
