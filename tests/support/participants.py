"""Helpers to drive the participant API like the browser does."""

from __future__ import annotations

from typing import Any

import numpy as np
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.config import Settings
from app.demo.organisation import load_demo
from app.sessions.simulated import simulated_block_uploads
from iat import RespondentProfile, SessionPlan


def demo_tokens(db: Session, settings: Settings) -> list[str]:
    """Fresh invitation tokens of the demo campaign."""
    info = load_demo(db, settings)
    return [url.rsplit("/", 1)[1] for url in info.invitation_urls]


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def simulated_blocks(
    plan: SessionPlan | dict[str, Any], seed: int = 1, effect_ms: float = 80.0
) -> list[dict[str, Any]]:
    """Upload payloads for every block of ``plan`` (typed, or the JSON the participant API
    returns), answered by iat's simulated respondent."""
    uploads = simulated_block_uploads(
        SessionPlan.model_validate(plan),
        np.random.default_rng(seed),
        RespondentProfile(effect_ms=effect_ms),
    )
    return [upload.model_dump(mode="json") for upload in uploads]


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
