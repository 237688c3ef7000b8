"""A campaign on the built-in Brief IAT or single-category IAT runs end to end through the
participant API and stores the score of its type (not the 7-block IAT's D)."""

from __future__ import annotations

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.db.models import Participant, Score, Trial
from app.demo.organisation import load_demo
from app.instruments import repository as instrument_repo
from app.security import token_hash
from app.sessions.repository import find_by_token_hash
from iat import load_builtin_study, study_document
from scoring.biat import compute_biat_d
from scoring.sciat import compute_sciat_d
from tests.api.test_research_world import close_campaign, make_token, organisation_id
from tests.support.hr import login
from tests.support.participants import (
    answer_questionnaire,
    auth,
    consent_and_start,
    demo_tokens,
    simulated_blocks,
)

API = "/api/v1/participant"


def _token_on(db: Session, settings: Settings, key: str) -> str:
    token = demo_tokens(db, settings)[0]
    study = load_builtin_study(key)
    stored = instrument_repo.get_or_add_study(db, key, study.version, study_document(study))
    found = find_by_token_hash(db, token_hash(token))
    assert found is not None
    found[2].study_id = stored.id
    db.commit()
    return token


def _run(client: TestClient, token: str) -> dict[str, object]:
    plan = consent_and_start(client, token)
    for index, payload in enumerate(simulated_blocks(plan, effect_ms=120.0), 1):
        response = client.put(f"{API}/blocks/{index}", json=payload, headers=auth(token))
        assert response.status_code == 200, response.text
    answer_questionnaire(client, token)
    finished = client.post(f"{API}/finish", headers=auth(token))
    assert finished.status_code == 200, finished.text
    return plan


def _tests(db: Session) -> list[Trial]:
    trials = db.scalars(select(Trial).order_by(Trial.block_index, Trial.trial_index)).all()
    return [t for t in trials if t.stage == "test"]


def test_single_category_campaign_stores_the_sciat_d(
    client: TestClient, db: Session, settings: Settings
) -> None:
    plan = _run(client, _token_on(db, settings, "customer-single"))
    assert [len(b["trials"]) for b in plan["blocks"]] == [24, 48, 24, 48]  # type: ignore[index]
    score = db.scalars(select(Score).where(Score.kind == "iat_d")).one()
    assert (score.name, score.algorithm) == ("SCIAT-D", "karpinski2006-sciat")
    tests = _tests(db)
    assert {t.category for t in tests} == {"target_a", "attribute_pos", "attribute_neg"}
    expected = compute_sciat_d(
        np.zeros(len(tests)),
        [t.pairing == "A" for t in tests],
        [t.latency_ms for t in tests],
        [t.error for t in tests],
    ).d[0]
    assert score.value == pytest.approx(expected, rel=1e-12)
    assert score.value > 0  # the simulated respondent is faster in pairing A


def test_brief_campaign_stores_the_biat_d(
    client: TestClient, db: Session, settings: Settings
) -> None:
    _run(client, _token_on(db, settings, "customer-brief"))
    score = db.scalars(select(Score).where(Score.kind == "iat_d")).one()
    assert (score.name, score.algorithm) == ("BIAT-D", "nosek2014-biat")
    tests = _tests(db)
    assert len(tests) == 80
    expected = compute_biat_d(
        np.zeros(len(tests)),
        [t.block_index for t in tests],
        [t.pairing == "A" for t in tests],
        [t.trial_index for t in tests],
        [t.latency_ms for t in tests],
        [t.error for t in tests],
    ).d[0]
    assert score.value == pytest.approx(expected, rel=1e-12)
    assert score.trials_kept <= 64  # 4 warm-up trials of each 20-trial block are not scored


@pytest.mark.parametrize(
    ("key", "name"), [("customer-single", "SCIAT-D"), ("customer-brief", "BIAT-D")]
)
def test_research_scores_rescore_the_study_types_d(
    client: TestClient, db: Session, settings: Settings, key: str, name: str
) -> None:
    tokens = demo_tokens(db, settings)[:3]
    _token_on(db, settings, key)  # every demo invitation shares the campaign
    for token in tokens:
        _run(client, token)
    stored = {s.session_id: s.value for s in db.scalars(select(Score).where(Score.kind == "iat_d"))}
    assert len(stored) == 3
    campaign_id = db.scalars(select(Participant.campaign_id)).first()
    assert campaign_id is not None
    close_campaign(db, campaign_id)
    token = make_token(db, organisation_id(db, campaign_id))
    response = client.get(f"/api/v1/campaigns/{campaign_id}/scores", headers=auth(token))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["provenance"]["variant"] == name and body["provenance"]["options"] == {}
    assert sorted(item["d"] for item in body["items"]) == pytest.approx(sorted(stored.values()))
    info = load_demo(db, settings)  # a new HR password each run
    login(client, info.hr_email, info.hr_password)
    dashboard = client.get(f"/api/v1/hr/campaigns/{campaign_id}/dashboard")
    assert dashboard.status_code == 200, dashboard.text
    page = client.get(f"/hr/campaigns/{campaign_id}/dashboard")
    assert page.status_code == 200, page.text
