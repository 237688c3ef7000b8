"""The end page's feedback writes its numbers the way of the participant's language."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.config import Settings
from tests.support import participants as p

API = "/api/v1/participant"


def _finish(client: TestClient, token: str, language: str) -> dict[str, object]:
    plan = p.consent_and_start(client, token, language)
    for index, payload in enumerate(p.simulated_blocks(plan), 1):
        assert client.put(f"{API}/blocks/{index}", json=payload, headers=p.auth(token)).is_success
    p.answer_questionnaire(client, token)
    finished = client.post(f"{API}/finish", headers=p.auth(token))
    assert finished.status_code == 200, finished.text
    feedback: dict[str, object] = finished.json()["feedback"]
    return feedback


@pytest.mark.parametrize(("language", "point"), [("fr", ","), ("en", ".")])
def test_the_score_and_the_band_limits_use_the_language_decimal_mark(
    client: TestClient, db: Session, settings: Settings, language: str, point: str
) -> None:
    feedback = _finish(client, p.demo_tokens(db, settings)[0], language)
    d = feedback["d"]
    assert isinstance(d, float)
    text = " ".join(str(p) for p in feedback["paragraphs"])  # type: ignore[attr-defined]
    assert f"D = {d:.2f}".replace(".", point) in text
    assert all(f"0{point}{limit}" in text for limit in ("15", "35", "65"))
    if language == "fr":
        assert not re.search(r"\d\.\d", text), text
