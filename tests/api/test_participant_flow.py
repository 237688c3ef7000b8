"""The participant API end to end over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.config import Settings
from app.db.models import AuditEvent, ParticipantSession, Score, Trial
from tests.support.participants import (
    answer_questionnaire,
    auth,
    consent_and_start,
    demo_tokens,
    simulated_blocks,
)

API = "/api/v1/participant"


@pytest.fixture
def token(db: Session, settings: Settings) -> str:
    return demo_tokens(db, settings)[0]


def test_full_session_stores_every_trial_and_a_score(
    client: TestClient, token: str, db: Session
) -> None:
    plan = consent_and_start(client, token)
    for index, payload in enumerate(simulated_blocks(plan), 1):
        response = client.put(f"{API}/blocks/{index}", json=payload, headers=auth(token))
        assert response.status_code == 200, response.text
        assert response.json() == {
            "block_index": index,
            "trial_count": len(payload["trials"]),
            "status": "stored",
        }
    early = client.post(f"{API}/finish", headers=auth(token))
    assert early.status_code == 409 and "questionnaire" in early.json()["detail"]
    answer_questionnaire(client, token)
    finished = client.post(f"{API}/finish", headers=auth(token))
    assert finished.status_code == 200, finished.text
    body = finished.json()
    assert body["state"] == "completed"
    assert body["feedback"]["band"] in {"none", "slight", "moderate", "strong"}
    counts = dict(
        db.execute(select(Trial.block_index, func.count()).group_by(Trial.block_index)).all()
    )
    assert counts == {b["index"]: len(b["trials"]) for b in plan["blocks"]}
    combined = db.scalars(select(Trial).where(Trial.block_index == 4)).all()
    expected = plan["blocks"][3]
    assert {t.pairing for t in combined} == {expected["pairing"]}
    assert {t.stage for t in combined} == {"test"}
    assert all(t.latency_ms >= t.first_latency_ms > 0 for t in combined)
    score = db.scalars(select(Score).where(Score.kind == "iat_d")).one()
    assert score.name == "D1" and score.package_version
    assert score.details["provenance"]["options"]["variant"] == "D1"
    # reopening the link shows the end page, not a new test
    status = client.get(f"{API}/session", headers=auth(token)).json()
    assert status["next_step"] == "end"


def test_retried_block_is_stored_once_and_answers_the_same(
    client: TestClient, token: str, db: Session
) -> None:
    plan = consent_and_start(client, token)
    payload = simulated_blocks(plan)[0]
    first = client.put(f"{API}/blocks/1", json=payload, headers=auth(token))
    second = client.put(f"{API}/blocks/1", json=payload, headers=auth(token))
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert db.scalar(select(func.count()).select_from(Trial)) == len(payload["trials"])
    payload["trials"][0]["first_latency_ms"] += 1.0
    payload["trials"][0]["latency_ms"] += 1.0
    conflict = client.put(f"{API}/blocks/1", json=payload, headers=auth(token))
    assert conflict.status_code == 409
    assert "different data" in conflict.json()["detail"]


@pytest.mark.parametrize(
    ("mutate", "status", "words"),
    [
        (lambda p: p["trials"].pop(), 422, "trials; 19 were sent"),
        (lambda p: p["trials"][2].update(stimulus_id="nope:1"), 422, "stimulus_id"),
        (lambda p: p["trials"][0].update(first_latency_ms=0), 422, "first_latency_ms"),
        (lambda p: p["trials"][0].update(latency_ms=700000.0), 422, "latency_ms"),
        (lambda p: p["trials"][1].update(trial_index=5), 422, "trial_index"),
    ],
)
def test_invalid_block_is_refused_and_nothing_is_stored(
    client: TestClient,
    token: str,
    db: Session,
    mutate,
    status: int,
    words: str,  # type: ignore[no-untyped-def]
) -> None:
    plan = consent_and_start(client, token)
    payload = simulated_blocks(plan)[0]
    mutate(payload)
    response = client.put(f"{API}/blocks/1", json=payload, headers=auth(token))
    assert response.status_code == status
    assert words in response.json()["detail"]
    assert db.scalar(select(func.count()).select_from(Trial)) == 0


def test_blocks_must_come_in_order(client: TestClient, token: str) -> None:
    plan = consent_and_start(client, token)
    payload = simulated_blocks(plan)[1]
    response = client.put(f"{API}/blocks/2", json=payload, headers=auth(token))
    assert response.status_code == 409
    assert "expected block 1" in response.json()["detail"]


def test_decline_records_declined(client: TestClient, token: str, db: Session) -> None:
    response = client.post(
        f"{API}/consent", json={"language": "en", "accept": False}, headers=auth(token)
    )
    assert response.status_code == 200
    assert response.json()["next_step"] == "declined"
    assert db.scalars(select(ParticipantSession.state)).one() == "declined"
    start = client.post(f"{API}/start", json={"input_modality": "keyboard"}, headers=auth(token))
    assert start.status_code == 409


def test_consent_text_states_the_policy(client: TestClient, token: str) -> None:
    fr = client.get(f"{API}/session", headers=auth(token)).json()
    text = " ".join(p for s in fr["consent"] for p in s["paragraphs"])
    assert "pseudonyme" in text and "CNIL" in text and "10 personnes" in text
    en = client.get(f"{API}/session?lang=en", headers=auth(token)).json()
    text_en = " ".join(p for s in en["consent"] for p in s["paragraphs"])
    assert "pseudonym" in text_en and "hiring, appraisal, pay or promotion" in text_en


def test_unknown_and_missing_tokens(client: TestClient) -> None:
    assert client.get(f"{API}/session").status_code == 401
    response = client.get(f"{API}/session", headers=auth("x" * 43))
    assert response.status_code == 404
    assert response.json()["error"] == "NotFound"


def test_skip_goes_to_the_end_without_trials(client: TestClient, token: str) -> None:
    client.post(f"{API}/consent", json={"language": "fr", "accept": True}, headers=auth(token))
    skipped = client.post(f"{API}/skip", json={"reason": "no keyboard"}, headers=auth(token))
    assert skipped.status_code == 200
    assert skipped.json()["next_step"] == "questionnaire"
    answer_questionnaire(client, token)
    finished = client.post(f"{API}/finish", headers=auth(token)).json()
    assert finished == {"state": "completed", "feedback": None}


def test_withdraw_erases_and_is_audited(client: TestClient, token: str, db: Session) -> None:
    plan = consent_and_start(client, token)
    client.put(f"{API}/blocks/1", json=simulated_blocks(plan)[0], headers=auth(token))
    response = client.post(f"{API}/withdraw", headers=auth(token))
    assert response.status_code == 200
    assert response.json()["trials"] == 20
    assert db.scalar(select(func.count()).select_from(Trial)) == 0
    assert db.scalars(select(AuditEvent.action)).all() == ["participant.withdraw"]
    status = client.get(f"{API}/session", headers=auth(token)).json()
    assert status["next_step"] == "withdrawn"


def test_download_own_data(client: TestClient, token: str) -> None:
    plan = consent_and_start(client, token)
    client.put(f"{API}/blocks/1", json=simulated_blocks(plan)[0], headers=auth(token))
    data = client.get(f"{API}/data", headers=auth(token)).json()
    assert len(data["trials"]) == 20
    assert data["session"]["state"] == "in_progress"


def test_resume_returns_the_same_plan(client: TestClient, token: str) -> None:
    plan = consent_and_start(client, token)
    again = client.post(f"{API}/start", json={"input_modality": "keyboard"}, headers=auth(token))
    assert again.json()["plan"] == plan


def test_simulation_comes_with_the_plan_in_test_mode(client: TestClient, token: str) -> None:
    consent_and_start(client, token)
    body = client.get(f"{API}/plan?simulate=0.05", headers=auth(token)).json()
    assert body["simulation"]["time_scale"] == 0.05
    assert [len(b) for b in body["simulation"]["blocks"]] == [
        len(b["trials"]) for b in body["plan"]["blocks"]
    ]
