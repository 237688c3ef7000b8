"""Team aggregates over the research API: suppressed like the HR dashboard, published at closing;
the campaign policy's open-link field."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.campaigns.repository import campaign_team_ids
from app.config import Settings
from app.db.models import Campaign
from app.domain import ApiScope
from tests.api.test_research_world import (
    build_world,
    finish_with_questionnaire,
    make_token,
    organisation_id,
    run_iat,
)
from tests.support.hr import gdpr_texts
from tests.support.participants import auth


def test_small_groups_are_suppressed_and_large_enough_ones_shown(
    client: TestClient, db: Session, settings: Settings
) -> None:
    world = build_world(db, settings)
    for seed in (0, 1, 2):
        run_iat(client, world.invitations[seed], seed=seed + 1)
        finish_with_questionnaire(client, world.invitations[seed])
    token = make_token(db, organisation_id(db, world.campaign_a))
    url = f"/api/v1/campaigns/{world.campaign_a}/team-aggregates"
    body = client.get(url, headers=auth(token)).json()
    assert body["min_group_size_iat"] == 10  # demo policy: 3 completed sessions are too few
    whole = next(g for g in body["groups"] if g["team_id"] is None)
    assert whole["completion"]["completed"] == 3
    assert all(g["iat"]["suppressed"] and g["iat"]["d"] is None for g in body["groups"])
    campaign = db.get(Campaign, world.campaign_a)
    assert campaign is not None
    campaign.min_group_size_iat = 3
    db.commit()
    still_open = client.get(url, headers=auth(token)).json()
    assert not still_open["published"]  # results wait for the campaign to close
    assert all(g["iat"]["suppressed"] for g in still_open["groups"])
    campaign.state = "closed"
    db.commit()
    shown = client.get(url, headers=auth(token)).json()
    assert shown["published"]
    whole = next(g for g in shown["groups"] if g["team_id"] is None)
    assert not whole["iat"]["suppressed"] and whole["iat"]["d"] is not None
    token_b = make_token(db, organisation_id(db, world.campaign_b))
    assert client.get(url, headers=auth(token_b)).status_code == 404


def test_research_campaign_carries_the_open_link_policy(
    client: TestClient, db: Session, settings: Settings
) -> None:
    world = build_world(db, settings)
    team = campaign_team_ids(db, [world.campaign_a])[world.campaign_a][0]
    token = make_token(db, organisation_id(db, world.campaign_a), (ApiScope.CAMPAIGNS_WRITE,))
    policy = {"texts": gdpr_texts()}
    body = {"name": "Pilot", "team_ids": [team], "open_link_counts_toward_minimum": True, **policy}
    created = client.post("/api/v1/campaigns", json=body, headers=auth(token))
    assert created.status_code == 201, created.text
    assert created.json()["open_link_counts_toward_minimum"] is True
    del body["open_link_counts_toward_minimum"]
    default = client.post("/api/v1/campaigns", json={**body, "name": "P2"}, headers=auth(token))
    assert default.json()["open_link_counts_toward_minimum"] is False  # the default
