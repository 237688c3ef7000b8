"""Research API access: scopes, organisation isolation, token life, rate limit (both DBs)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.db.base import utc_now
from app.db.models import ApiToken
from app.domain import ApiScope, IndividualResults
from app.main import create_app
from app.security import token_hash
from tests.api.test_research_world import (
    World,
    build_world,
    finish_with_questionnaire,
    make_token,
    organisation_id,
    run_iat,
    set_policy,
)
from tests.support.hr import gdpr_texts
from tests.support.participants import auth

READ, TRIALS, WRITE = ApiScope.SCORES_READ, ApiScope.TRIALS_READ, ApiScope.CAMPAIGNS_WRITE

CAMPAIGN_CREATE = {"name": "New", "team_ids": [], "texts": gdpr_texts()}


def routes(campaign: int, team: int) -> list[tuple[str, str, ApiScope, dict | None]]:
    """Every research route: method, path, the scope it needs, body."""
    c = f"/api/v1/campaigns/{campaign}"
    return [
        ("GET", "/api/v1/studies", READ, None),
        ("GET", "/api/v1/campaigns", READ, None),
        ("GET", c, READ, None),
        ("GET", f"/api/v1/sessions?campaign_id={campaign}", READ, None),
        ("GET", f"{c}/scores", READ, None),
        ("GET", f"{c}/questionnaire/scores", READ, None),
        ("GET", f"{c}/team-aggregates", READ, None),
        ("GET", "/api/v1/codebook/trials", TRIALS, None),
        ("GET", f"{c}/trials", TRIALS, None),
        ("GET", f"{c}/trials.csv", TRIALS, None),
        ("GET", f"{c}/trials.ndjson", TRIALS, None),
        ("GET", f"{c}/questionnaire/answers", TRIALS, None),
        ("POST", "/api/v1/campaigns", WRITE, {**CAMPAIGN_CREATE, "team_ids": [team]}),
        ("POST", f"{c}/invitations", WRITE, {"invitees": [{"team_id": team}]}),
    ]


@pytest.fixture
def world(client: TestClient, db: Session, settings: Settings) -> World:
    w = build_world(db, settings)
    run_iat(client, w.invitations[0], seed=1)
    finish_with_questionnaire(client, w.invitations[0])
    return w


def _team_of(db: Session, w: World) -> int:
    from app.campaigns.repository import campaign_team_ids

    return campaign_team_ids(db, [w.campaign_a])[w.campaign_a][0]


def test_each_route_needs_its_scope(client: TestClient, db: Session, world: World) -> None:
    # A named campaign serves its rows while open (a pseudonymous one answers 409 until it
    # closes, tests/api/test_research_privacy.py), so every route can answer 200/201 here.
    set_policy(db, world.campaign_a, individual_results=IndividualResults.NAMED)
    org = organisation_id(db, world.campaign_a)
    team = _team_of(db, world)
    for method, path, scope, body in routes(world.campaign_a, team):
        others = tuple(s for s in ApiScope if s != scope)
        without = client.request(method, path, json=body, headers=auth(make_token(db, org, others)))
        assert without.status_code == 403, (path, without.text)
        assert without.json()["error"] == "Forbidden"
        with_scope = client.request(
            method, path, json=body, headers=auth(make_token(db, org, (scope,)))
        )
        assert with_scope.status_code in (200, 201), (path, with_scope.text)


def test_a_token_of_b_sees_nothing_of_a(client: TestClient, db: Session, world: World) -> None:
    token_b = make_token(db, organisation_id(db, world.campaign_b))
    for method, path, _scope, body in routes(world.campaign_a, world.team_b):
        if f"/campaigns/{world.campaign_a}" in path:
            response = client.request(method, path, json=body, headers=auth(token_b))
            assert response.status_code == 404, (path, response.text)
            assert response.json()["error"] == "NotFound"
    listed = client.get("/api/v1/campaigns", headers=auth(token_b)).json()
    assert [c["id"] for c in listed] == [world.campaign_b]
    sessions = client.get("/api/v1/sessions", headers=auth(token_b)).json()
    assert sessions["items"] == []
    filtered = client.get(f"/api/v1/sessions?campaign_id={world.campaign_a}", headers=auth(token_b))
    assert filtered.status_code == 404
    other_team = client.post(
        f"/api/v1/campaigns/{world.campaign_b}/invitations",
        json={"invitees": [{"team_id": _team_of(db, world)}]},
        headers=auth(token_b),
    )
    assert other_team.status_code == 422


@pytest.mark.parametrize("state", ["expired", "revoked", "unknown", "missing"])
def test_dead_tokens_are_401(client: TestClient, db: Session, world: World, state: str) -> None:
    org = organisation_id(db, world.campaign_a)
    token = make_token(db, org)
    if state == "expired":
        token = make_token(db, org, expires_in=timedelta(seconds=-1))
    elif state == "revoked":
        row = db.scalars(select(ApiToken).where(ApiToken.token_hash == token_hash(token))).one()
        row.revoked_at = utc_now()
        db.commit()
    elif state == "unknown":
        token = token + "x"
    headers = {} if state == "missing" else auth(token)
    response = client.get("/api/v1/campaigns", headers=headers)
    assert response.status_code == 401, response.text
    assert response.json()["error"] == "Unauthorized"


def test_rate_limit_answers_429_with_retry_after(
    settings: Settings, db: Session, world: World
) -> None:
    limited = settings.model_copy(update={"research_rate_limit_per_minute": 3})
    token = make_token(db, organisation_id(db, world.campaign_a))
    other = make_token(db, organisation_id(db, world.campaign_a))
    app = create_app(limited)
    with TestClient(app) as client:
        codes = [client.get("/api/v1/campaigns", headers=auth(token)).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        refused = client.get("/api/v1/campaigns", headers=auth(token))
        assert refused.json()["error"] == "TooManyRequests"
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        assert client.get("/api/v1/campaigns", headers=auth(other)).status_code == 200
    app.state.engine.dispose()
    used = db.scalars(select(ApiToken).order_by(ApiToken.id)).all()
    db.expire_all()
    assert all(t.last_used_at is not None for t in used[-2:])
