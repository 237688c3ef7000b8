"""Trial-level data: complete keyset walks under concurrent writes, signed cursors, files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.db.models import Participant, ParticipantSession, Trial
from app.domain import IndividualResults
from app.exports.trial_format import COLUMNS
from scoring.csv_input import CsvColumns, read_trials_csv
from tests.api.test_research_world import (
    World,
    build_world,
    make_token,
    organisation_id,
    run_iat,
    set_policy,
)
from tests.support.participants import auth


@pytest.fixture
def world(client: TestClient, db: Session, settings: Settings) -> World:
    """A `named` campaign: its rows are served while it is open, so trials can be written
    during a walk (a pseudonymous campaign's rows wait for closing, after which nobody writes:
    tests/api/test_research_privacy.py)."""
    w = build_world(db, settings)
    set_policy(db, w.campaign_a, individual_results=IndividualResults.NAMED)
    run_iat(client, w.invitations[0], seed=1)
    run_iat(client, w.invitations[1], seed=2)
    return w


def _stored(db: Session) -> set[tuple[str, int, int]]:
    """(pseudonym, block, trial) of every stored trial, read straight from the tables."""
    query = (
        select(Participant.export_pseudonym, Trial.block_index, Trial.trial_index)
        .join(ParticipantSession, ParticipantSession.id == Trial.session_id)
        .join(Participant, Participant.id == ParticipantSession.participant_id)
    )
    return {tuple(row) for row in db.execute(query)}  # type: ignore[misc]


def _key(row: dict) -> tuple[str, int, int]:
    return (row["subject"], row["block_index"], row["trial"])


def test_a_walk_returns_every_earlier_trial_once_while_sessions_are_written(
    client: TestClient, db: Session, world: World
) -> None:
    before = _stored(db)
    token = make_token(db, organisation_id(db, world.campaign_a))
    url = f"/api/v1/campaigns/{world.campaign_a}/trials"
    seen: list[tuple[str, int, int]] = []
    page = client.get(url, params={"limit": 97}, headers=auth(token)).json()
    seen += [_key(r) for r in page["items"]]
    run_iat(client, world.invitations[2], seed=3)  # written between pages
    while page["next_cursor"]:
        params = {"limit": 97, "cursor": page["next_cursor"]}
        page = client.get(url, params=params, headers=auth(token)).json()
        seen += [_key(r) for r in page["items"]]
    assert len(seen) == len(set(seen)) == len(before)
    assert set(seen) == before
    assert len(_stored(db)) > len(before)
    fresh = client.get(url, params={"limit": 10_000}, headers=auth(token)).json()
    assert {_key(r) for r in fresh["items"]} == _stored(db) and fresh["next_cursor"] is None


def test_an_altered_or_foreign_cursor_is_refused(
    client: TestClient, db: Session, world: World
) -> None:
    token = make_token(db, organisation_id(db, world.campaign_a))
    url = f"/api/v1/campaigns/{world.campaign_a}/trials"
    cursor = client.get(url, params={"limit": 5}, headers=auth(token)).json()["next_cursor"]
    altered = cursor[:-2] + ("AA" if cursor[-2:] != "AA" else "BB")
    for bad in (altered, "garbage", cursor.replace(".", "", 1)):
        response = client.get(url, params={"cursor": bad}, headers=auth(token))
        assert response.status_code == 422 and "cursor" in response.json()["detail"]
    set_policy(db, world.campaign_b, individual_results=IndividualResults.NAMED)
    token_b = make_token(db, organisation_id(db, world.campaign_b))
    foreign = client.get(
        f"/api/v1/campaigns/{world.campaign_b}/trials", params={"cursor": cursor},
        headers=auth(token_b),
    )  # fmt: skip
    assert foreign.status_code == 422


def test_streamed_csv_is_read_by_the_iat_score_reader(
    client: TestClient, db: Session, world: World, tmp_path: Path
) -> None:
    token = make_token(db, organisation_id(db, world.campaign_a))
    response = client.get(f"/api/v1/campaigns/{world.campaign_a}/trials.csv", headers=auth(token))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert tuple(rows[0]) == COLUMNS
    assert {(r["subject"], int(r["block_index"]), int(r["trial"])) for r in rows} == _stored(db)
    assert all((r["stage"] == "") == (r["critical"] == "0") for r in rows)
    path = tmp_path / "trials.csv"
    path.write_text(response.text, encoding="utf-8")
    read = read_trials_csv(path, CsvColumns(first_latency="first_latency_ms"))
    assert read.trials.n_participants == 2
    assert read.n_rows == len(rows) and read.n_noncritical == sum(
        r["critical"] == "0" for r in rows
    )
    ndjson = client.get(f"/api/v1/campaigns/{world.campaign_a}/trials.ndjson", headers=auth(token))
    lines = [json.loads(line) for line in ndjson.text.splitlines()]
    assert [_key(x) for x in lines] == [
        (r["subject"], int(r["block_index"]), int(r["trial"])) for r in rows
    ]
