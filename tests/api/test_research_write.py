"""campaigns:write: create a campaign and invitation links that work, shown once."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.campaigns.repository import campaign_team_ids
from app.config import Settings
from app.db.models import Invitation
from app.domain import ApiScope
from app.security import token_hash
from tests.api.test_research_world import build_world, make_token, organisation_id
from tests.support.hr import gdpr_texts
from tests.support.participants import auth

POLICY = {"texts": gdpr_texts()}


def test_created_campaign_and_links_work_and_links_are_shown_once(
    client: TestClient, db: Session, settings: Settings
) -> None:
    world = build_world(db, settings)
    team = campaign_team_ids(db, [world.campaign_a])[world.campaign_a][0]
    token = make_token(db, organisation_id(db, world.campaign_a), (ApiScope.CAMPAIGNS_WRITE,))
    body = {"name": "Pilot", "team_ids": [team], "open": True, **POLICY}
    created = client.post("/api/v1/campaigns", json=body, headers=auth(token))
    assert created.status_code == 201, created.text
    campaign = created.json()
    assert campaign["state"] == "open" and campaign["team_ids"] == [team]
    again = client.post("/api/v1/campaigns", json=body, headers=auth(token))
    assert again.status_code == 409
    url = f"/api/v1/campaigns/{campaign['id']}/invitations"
    invitees = {"invitees": [{"team_id": team, "code": "r-1"}, {"team_id": team}]}
    links = client.post(url, json=invitees, headers=auth(token)).json()["invitations"]
    assert links[0]["code"] == "r-1" and len(links) == 2
    stored = set(db.scalars(select(Invitation.token_hash)))
    assert all(token_hash(x["token"]) in stored and x["token"] not in stored for x in links)
    opened = client.get("/api/v1/participant/session", headers=auth(links[0]["token"]))
    assert opened.status_code == 200 and opened.json()["campaign_name"] == "Pilot"
    renewed = client.post(url, json={"invitees": [{"team_id": team, "code": "r-2"}]},
                          headers=auth(token))  # fmt: skip
    assert renewed.status_code == 201
    kept = client.get("/api/v1/participant/session", headers=auth(links[0]["token"]))
    assert kept.status_code == 200  # minting never revokes a link already sent
    foreign = client.post(url, json={"invitees": [{"team_id": world.team_b}]}, headers=auth(token))
    assert foreign.status_code == 422


def test_a_campaign_needs_the_gdpr_texts_of_each_of_its_languages_and_no_other(
    client: TestClient, db: Session, settings: Settings
) -> None:
    world = build_world(db, settings)
    organisation = organisation_id(db, world.campaign_a)
    team = campaign_team_ids(db, [world.campaign_a])[world.campaign_a][0]
    token = make_token(db, organisation, (ApiScope.CAMPAIGNS_WRITE,))
    body = {"name": "Pilot", "team_ids": [team], "open": True, "languages": ["fr", "en"]}
    half = gdpr_texts(["fr"]) | {"en": gdpr_texts(["en"])["en"] | {"purpose": ""}}
    for texts in (gdpr_texts(["fr"]), gdpr_texts(["fr", "en", "de"]), half):
        refused = client.post(
            "/api/v1/campaigns", json=body | {"texts": texts}, headers=auth(token)
        )
        assert refused.status_code == 422 and "texts" in refused.json()["detail"], texts
    created = client.post("/api/v1/campaigns", json=body | POLICY, headers=auth(token))
    assert created.status_code == 201
