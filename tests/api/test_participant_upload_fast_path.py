"""The upload hot path: block keys stored with the plan, the fallback for sessions without
them, and concurrent writers, on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.config import Settings
from app.db.models import BlockUpload, ParticipantSession, Trial
from app.sessions.blocks import plan_keys, trials_digest
from tests.support.participants import auth, consent_and_start, demo_tokens, simulated_blocks

API = "/api/v1/participant"


@pytest.fixture
def token(db: Session, settings: Settings) -> str:
    return demo_tokens(db, settings)[0]


def _stored_session(db: Session) -> ParticipantSession:
    db.expire_all()
    return db.scalars(select(ParticipantSession).where(ParticipantSession.plan.is_not(None))).one()


def test_start_stores_one_key_per_block_matching_the_plan(
    client: TestClient, token: str, db: Session
) -> None:
    plan = consent_and_start(client, token)
    keys = _stored_session(db).block_keys
    assert keys is not None and len(keys) == len(plan["blocks"])
    first = plan["blocks"][0]
    expected = [
        (t["index"], t["stimulus_id"], t["category"], t["correct_side"]) for t in first["trials"]
    ]
    assert keys[0] == {
        "index": 1,
        "role": first["role"],
        "pairing": first["pairing"],
        "stage": first["stage"],
        "digest": trials_digest(expected),
        "left_key": plan["keys"]["left"],
        "right_key": plan["keys"]["right"],
    }


def test_digest_changes_with_any_field_of_any_trial() -> None:
    sequence = [(1, "a:1", "good", "left"), (2, "b:1", "bad", "right")]
    variants = [
        [(1, "a:1", "good", "left")],
        [(1, "a:1", "good", "left"), (2, "b:1", "bad", "left")],
        [(1, "a:1", "good", "left"), (3, "b:1", "bad", "right")],
        [(1, "a:1\t", "good", "left"), (2, "b:1", "bad", "right")],
        [(1, "a:1", "goo", "dleft"), (2, "b:1", "bad", "right")],
    ]
    assert all(trials_digest(v) != trials_digest(sequence) for v in variants)


def test_session_without_keys_is_checked_against_its_plan(
    client: TestClient, token: str, db: Session
) -> None:
    """Sessions started before the keys existed (migration 0004) keep working."""
    plan = consent_and_start(client, token)
    db.execute(update(ParticipantSession).values(block_keys=None))
    db.commit()
    blocks = simulated_blocks(plan)
    wrong = {"trials": [dict(t) for t in blocks[0]["trials"]]}
    wrong["trials"][2]["category"] = "nope"
    refused = client.put(f"{API}/blocks/1", json=wrong, headers=auth(token))
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("trial 3: category 'nope' does not match")
    stored = client.put(f"{API}/blocks/1", json=blocks[0], headers=auth(token))
    assert stored.status_code == 200, stored.text
    count = db.scalar(select(func.count()).select_from(Trial))
    assert count == len(blocks[0]["trials"])


def test_stale_keys_never_outlive_their_plan(client: TestClient, token: str, db: Session) -> None:
    consent_and_start(client, token)
    session = _stored_session(db)
    assert session.block_keys is not None
    session.plan = None
    assert session.block_keys is None


def test_keys_are_rebuilt_when_the_plan_is_regenerated(
    client: TestClient, token: str, db: Session
) -> None:
    consent_and_start(client, token)
    body = {"input_modality": "touch"}
    assert client.post(f"{API}/start", json=body, headers=auth(token)).status_code == 200
    session = _stored_session(db)
    assert session.plan is not None
    assert session.block_keys == [vars(key) for key in plan_keys(session.plan)]


def test_concurrent_uploads_of_a_block_store_it_once(
    client: TestClient, token: str, db: Session
) -> None:
    plan = consent_and_start(client, token)
    payload = simulated_blocks(plan)[0]

    def upload(_: int) -> tuple[int, dict[str, object]]:
        response = client.put(f"{API}/blocks/1", json=payload, headers=auth(token))
        return response.status_code, response.json()

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(upload, range(8)))
    expected = {"block_index": 1, "trial_count": len(payload["trials"]), "status": "stored"}
    assert answers == [(200, expected)] * 8
    assert db.scalar(select(func.count()).select_from(BlockUpload)) == 1
    assert db.scalar(select(func.count()).select_from(Trial)) == len(payload["trials"])


ALL_ASCII_AND_BEYOND = [chr(c) for c in range(128)] + ["é", "☃ ’", "\U0001f600", "a\x7fb"]


@pytest.mark.parametrize("text", ALL_ASCII_AND_BEYOND)
def test_digest_is_sha256_of_compact_json_dumps(text: str) -> None:
    """The keys stored with sessions were made from json.dumps' bytes: the digest keeps them
    for every character (control, DEL, non-ASCII)."""
    import hashlib
    import json

    sequence = [(1, f"s{text}", text, "left"), (2, "b:1", "bad", "right")]
    dumped = json.dumps(sequence, separators=(",", ":")).encode("ascii")
    assert trials_digest(sequence) == hashlib.sha256(dumped).hexdigest()
