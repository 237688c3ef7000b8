"""Any block plan: a study whose plan is not the seven-block IAT runs, completes and scores;
campaigns can use any built-in study (HR form, HR API, research API)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.campaigns.repository import campaign_team_ids
from app.config import Settings
from app.db.models import Campaign, Participant, ParticipantSession, Score, Study
from app.domain import ApiScope, HRRole
from app.exports import research_repository as research_repo
from app.instruments import repository as instrument_repo
from app.security import token_hash
from app.sessions.repository import find_by_token_hash
from iat import BlockPlan, BlockSpec, load_builtin_study, parse_study, study_document
from iat.vocabulary import BlockRole, Stage
from tests.api.test_research_world import build_world, make_token, organisation_id
from tests.support.hr import PASSWORD, campaign_body, login, make_team, make_user, organisation
from tests.support.participants import (
    answer_questionnaire,
    auth,
    consent_and_start,
    demo_tokens,
    simulated_blocks,
)

API = "/api/v1/participant"

# Five blocks, the four combined ones scored: D is computable without the 7-block layout.
FIVE_BLOCKS = BlockPlan(
    blocks=(
        BlockSpec(role=BlockRole.COMBINED, n_trials=20, stage=Stage.PRACTICE),
        BlockSpec(role=BlockRole.COMBINED, n_trials=20, stage=Stage.TEST),
        BlockSpec(role=BlockRole.TARGETS_REVERSED, n_trials=10),
        BlockSpec(role=BlockRole.COMBINED, n_trials=20, stage=Stage.PRACTICE),
        BlockSpec(role=BlockRole.COMBINED, n_trials=20, stage=Stage.TEST),
    )
)


@pytest.fixture
def token(db: Session, settings: Settings) -> str:
    """A demo invitation whose campaign runs a five-block study."""
    token = demo_tokens(db, settings)[0]
    document = load_builtin_study("default").model_dump(mode="json")
    study = parse_study(document | {"block_plan": FIVE_BLOCKS.model_dump(mode="json")})
    stored = instrument_repo.get_or_add_study(db, "five", study.version, study_document(study))
    found = find_by_token_hash(db, token_hash(token))
    assert found is not None
    found[2].study_id = stored.id
    db.commit()
    return token


def test_a_five_block_plan_runs_to_completion_and_is_scored(
    client: TestClient, token: str, db: Session
) -> None:
    status = client.get(f"{API}/session", headers=auth(token)).json()
    assert status["n_blocks"] == 5
    plan = consent_and_start(client, token)
    assert len(plan["blocks"]) == 5
    payloads = simulated_blocks(plan)
    for index, payload in enumerate(payloads[:4], 1):
        response = client.put(f"{API}/blocks/{index}", json=payload, headers=auth(token))
        assert response.status_code == 200, response.text
    early = client.post(f"{API}/finish", headers=auth(token))
    assert early.status_code == 409 and "4 of 5 blocks" in early.json()["detail"]
    last = client.put(f"{API}/blocks/5", json=payloads[4], headers=auth(token))
    assert last.status_code == 200, last.text
    beyond = client.put(f"{API}/blocks/6", json=payloads[4], headers=auth(token))
    assert beyond.status_code == 422 and "between 1 and 5" in beyond.json()["detail"]
    assert client.get(f"{API}/session", headers=auth(token)).json()["next_step"] == "questionnaire"
    answer_questionnaire(client, token)
    finished = client.post(f"{API}/finish", headers=auth(token))
    assert finished.status_code == 200, finished.text
    score = db.scalars(select(Score).where(Score.kind == "iat_d")).one()
    assert score.value is not None and score.trials_kept == 80
    session = db.scalars(select(ParticipantSession).where(ParticipantSession.n_blocks == 5)).one()
    assert session.iat_complete and session.blocks_done == 5
    participant = db.get(Participant, session.participant_id)
    assert participant is not None
    rows = research_repo.scoring_rows(db, participant.campaign_id)
    assert len(rows) == 80  # the research population counts the finished five-block test


def test_the_upload_route_accepts_block_indices_up_to_twenty(
    client: TestClient, token: str
) -> None:
    consent_and_start(client, token)
    body = {"trials": []}
    assert client.put(f"{API}/blocks/21", json=body, headers=auth(token)).status_code == 422
    beyond_plan = client.put(f"{API}/blocks/20", json=body, headers=auth(token))
    assert beyond_plan.status_code == 422 and "between 1 and 5" in beyond_plan.json()["detail"]


def _study_key(db: Session, campaign_id: int) -> str:
    campaign = db.get(Campaign, campaign_id)
    assert campaign is not None and campaign.study_id is not None
    study = db.get(Study, campaign.study_id)
    assert study is not None
    return study.study_key


def test_the_hr_form_offers_every_built_in_study(client: TestClient, db: Session) -> None:
    make_user(db, "admin@a.example", HRRole.HR_ADMIN, organisation(db, "A").id)
    page = client.get("/hr/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf is not None
    form = {"email": "admin@a.example", "password": PASSWORD, "csrf_token": csrf.group(1)}
    assert client.post("/hr/login", data=form, follow_redirects=False).status_code == 303
    new = client.get("/hr/campaigns/new")
    assert 'value="default"' in new.text and 'value="self-concept"' in new.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', new.text)
    assert token is not None
    body = campaign_body("Moi") | {
        "csrf_token": token.group(1),
        "languages": ["fr", "en"],
        "with_iat": "on",
        "study": "self-concept",
    }
    created = client.post("/hr/campaigns", data=body, follow_redirects=False)
    assert created.status_code == 303, created.text
    campaign_id = int(created.headers["location"].rsplit("/", 1)[1])
    assert _study_key(db, campaign_id) == "self-concept"


def test_the_hr_and_research_apis_create_campaigns_on_any_built_in_study(
    client: TestClient, db: Session, settings: Settings
) -> None:
    world = build_world(db, settings)
    token = make_token(db, organisation_id(db, world.campaign_a), (ApiScope.CAMPAIGNS_WRITE,))
    team_a = campaign_team_ids(db, [world.campaign_a])[world.campaign_a][0]
    research = campaign_body("Moi R", team_ids=[team_a]) | {"study": "self-concept"}
    created = client.post("/api/v1/campaigns", json=research, headers=auth(token))
    assert created.status_code == 201, created.text
    assert _study_key(db, created.json()["id"]) == "self-concept"
    make_user(db, "admin@b.example", HRRole.HR_ADMIN, organisation(db, "B").id)
    login(client, "admin@b.example")
    team = make_team(client, "Support")
    body = campaign_body("Moi", team_ids=[team]) | {"study": "self-concept"}
    response = client.post("/api/v1/hr/campaigns", json=body)
    assert response.status_code == 201, response.text
    assert _study_key(db, response.json()["campaign"]["id"]) == "self-concept"
