"""Helpers to drive the participant API like the browser does."""

from __future__ import annotations

from typing import Any

import numpy as np
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.config import Settings
from app.services.demo import load_demo
from iat import RespondentProfile, SessionPlan, simulate_responses


def demo_tokens(db: Session, settings: Settings) -> list[str]:
    """Fresh invitation tokens of the demo campaign."""
    info = load_demo(db, settings)
    return [url.rsplit("/", 1)[1] for url in info.invitation_urls]


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def simulated_blocks(
    plan: dict[str, Any], seed: int = 1, effect_ms: float = 80.0
) -> list[dict[str, Any]]:
    """Upload payloads for every block of ``plan``, answered by iat's simulated respondent."""
    session_plan = SessionPlan.model_validate(plan)
    trials = simulate_responses(
        session_plan, np.random.default_rng(seed), RespondentProfile(effect_ms=effect_ms)
    )
    payloads: list[dict[str, Any]] = [{"trials": []} for _ in session_plan.blocks]
    for t in trials:
        payloads[t.block_index - 1]["trials"].append(
            {
                "trial_index": t.trial_index,
                "stimulus_id": t.stimulus_id,
                "category": t.category.value,
                "correct_side": t.correct_side.value,
                "first_key": t.first_response_key,
                "first_latency_ms": t.first_latency_ms,
                "error": t.error,
                "latency_ms": t.latency_to_correct_ms,
                "onset_method": "paint",
                "input_modality": "keyboard",
                "focus_lost": False,
            }
        )
    return payloads


def consent_and_start(client: TestClient, token: str, language: str = "fr") -> dict[str, Any]:
    assert client.get("/api/v1/participant/session", headers=auth(token)).status_code == 200
    response = client.post(
        "/api/v1/participant/consent",
        json={"language": language, "accept": True},
        headers=auth(token),
    )
    assert response.status_code == 200, response.text
    response = client.post(
        "/api/v1/participant/start", json={"input_modality": "keyboard"}, headers=auth(token)
    )
    assert response.status_code == 200, response.text
    plan: dict[str, Any] = response.json()["plan"]
    return plan


def answer_questionnaire(client: TestClient, token: str, value: int = 4) -> dict[str, Any]:
    """Answer every item with ``value`` and the first option of every context question."""
    questionnaire: dict[str, Any] = client.get(
        "/api/v1/participant/questionnaire", headers=auth(token)
    ).json()
    for page in questionnaire["pages"]:
        body = {
            "answers": [{"item_id": item["id"], "value": value} for item in page["items"]],
            "context": {q["id"]: q["options"][0]["code"] for q in page["context_questions"]},
            "duration_ms": 30000.0,
        }
        response = client.put(
            f"/api/v1/participant/questionnaire/pages/{page['index']}",
            json=body,
            headers=auth(token),
        )
        assert response.status_code == 200, response.text
    return questionnaire
