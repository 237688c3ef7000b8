"""The questionnaire through the participant API: pages, resumable saves, subscale scores."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.db.models import QuestionnaireAnswer, Score
from tests.support.participants import auth, demo_tokens

API = "/api/v1/participant"


@pytest.fixture
def token(db: Session, settings: Settings, client: TestClient) -> str:
    token = demo_tokens(db, settings)[0]
    client.get(f"{API}/session", headers=auth(token))
    client.post(f"{API}/consent", json={"language": "en", "accept": True}, headers=auth(token))
    client.post(f"{API}/skip", json={"reason": "screen reader"}, headers=auth(token))
    return token


def _get(client: TestClient, token: str) -> dict[str, Any]:
    response = client.get(f"{API}/questionnaire", headers=auth(token))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _save(client: TestClient, token: str, index: int, body: dict[str, Any]) -> Any:
    return client.put(f"{API}/questionnaire/pages/{index}", json=body, headers=auth(token))


def test_pages_are_in_the_session_language_with_all_labels(client: TestClient, token: str) -> None:
    q = _get(client, token)
    assert q["scale"]["points"] == 5
    assert q["scale"]["labels"][0] == "Strongly disagree"
    assert q["scale"]["dont_know"].startswith("Don't know")
    items = [item["id"] for page in q["pages"] for item in page["items"]]
    assert len(items) == 24 and len(set(items)) == 24
    assert q["pages"][-1]["context_questions"]


def test_saves_are_idempotent_and_resumable(client: TestClient, token: str, db: Session) -> None:
    page = _get(client, token)["pages"][0]
    body = {"answers": [{"item_id": i["id"], "value": 5} for i in page["items"]]}
    first, again = _save(client, token, 1, body), _save(client, token, 1, body)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert len(db.scalars(select(QuestionnaireAnswer)).all()) == len(page["items"])
    resumed = _get(client, token)
    assert resumed["pages_done"] == 1
    assert resumed["answers"] == {i["id"]: 5 for i in page["items"]}


def test_blank_and_dont_know_are_missing_not_midpoint(
    client: TestClient, token: str, db: Session
) -> None:
    q = _get(client, token)
    for page in q["pages"]:
        answers = []
        for item in page["items"]:
            if item["id"].startswith("LEAD"):
                answers.append({"item_id": item["id"], "value": None})  # don't know
            elif item["id"].startswith("CONN"):
                answers.append({"item_id": item["id"], "value": 2})
            # AUTO items left blank
        assert _save(client, token, page["index"], {"answers": answers}).status_code == 200
    assert client.post(f"{API}/finish", headers=auth(token)).status_code == 200
    scores = {
        s.name: s for s in db.scalars(select(Score).where(Score.kind == "questionnaire_subscale"))
    }
    assert scores["LEAD"].value is None and scores["AUTO"].value is None
    # CONN: all 2 raw; its reverse-keyed items recode to 6 - 2 = 4
    from iat.questionnaire import load_builtin_questionnaire

    conn = [i for i in load_builtin_questionnaire().items if i.subscale == "CONN"]
    n_reverse = sum(i.reverse for i in conn)
    assert scores["CONN"].value == pytest.approx((2 * (8 - n_reverse) + 4 * n_reverse) / 8)
    assert scores["CONN"].details["n_answered"] == len(conn) == 8


def test_reverse_keyed_items_are_recoded(client: TestClient, token: str, db: Session) -> None:
    """All items answered 5: non-reversed count 5, reversed count 1 → mean per subscale."""
    from iat.questionnaire import load_builtin_questionnaire

    bank = load_builtin_questionnaire()
    q = _get(client, token)
    for page in q["pages"]:
        answers = [{"item_id": i["id"], "value": 5} for i in page["items"]]
        _save(client, token, page["index"], {"answers": answers, "duration_ms": 1000.0})
    client.post(f"{API}/finish", headers=auth(token))
    scores = {
        s.name: s for s in db.scalars(select(Score).where(Score.kind == "questionnaire_subscale"))
    }
    for code in ("LEAD", "CONN", "AUTO"):
        items = [i for i in bank.items if i.subscale == code]
        n_reverse = sum(i.reverse for i in items)
        expected = (5 * (len(items) - n_reverse) + 1 * n_reverse) / len(items)
        assert scores[code].value == pytest.approx(expected)
        # 24 items in ~1 s per page: answered far faster than 2 s per item, and all identical
        assert scores[code].details["flags"] == {"straightlining": True, "too_fast": True}


@pytest.mark.parametrize(
    ("index", "body", "status", "words"),
    [
        (1, {"answers": [{"item_id": "NOPE", "value": 3}]}, 422, "not on page 1"),
        (1, {"answers": [{"item_id": "LEAD1", "value": 6}]}, 422, "value must be 1..5"),
        (3, {"answers": []}, 409, "expected page 1"),
        (99, {"answers": []}, 422, "page must be between"),
    ],
)
def test_bad_pages_are_refused(
    client: TestClient,
    token: str,
    db: Session,
    index: int,
    body: dict[str, Any],
    status: int,
    words: str,
) -> None:
    response = _save(client, token, index, body)
    assert response.status_code == status
    assert words in response.json()["detail"]
    assert db.scalars(select(QuestionnaireAnswer)).all() == []


def test_questionnaire_waits_for_the_timed_test(
    client: TestClient, db: Session, settings: Settings
) -> None:
    token = demo_tokens(db, settings)[1]
    client.get(f"{API}/session", headers=auth(token))
    client.post(f"{API}/consent", json={"language": "fr", "accept": True}, headers=auth(token))
    response = _save(client, token, 1, {"answers": []})
    assert response.status_code == 409
    assert "timed test first" in response.json()["detail"]
