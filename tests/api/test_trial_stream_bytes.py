"""Issue 17: the streamed trial files (COPY on PostgreSQL, batched tuples on SQLite) are, byte
for byte, what the per-row writer (``trial_format.csv_lines`` / ``ndjson_lines`` over
``trial_record``) makes of the same rows, hostile text included (rows stored before the
upload checked keys: formulas, quotes, line breaks, backslashes, ``\\.``, empty text)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.config import Settings
from app.db.models import Participant, ParticipantSession, Trial
from app.domain import HRRole, IndividualResults
from app.exports import research_repository as research_repo
from app.exports import research_scores
from app.exports.campaign_export import cli_scope, export_campaign
from app.exports.schemas import ExportFormat, ExportKind
from app.exports.trial_format import csv_lines, ndjson_lines, trial_record
from tests.api import test_research_world as research_world
from tests.api.test_research_world import World, make_token, organisation_id
from tests.support.hr import login, make_user
from tests.support.participants import auth

HOSTILE = [
    "=1+2", "-0.5", "+x", "@SUM(A1)", "\tTAB", "\rCR", "a,b", 'q"uote', "line\nbreak",
    "x\r\ny", "\\.", "", "été ünï €", "back\\slash", "'already", "\x01ctl", "=", ' "lead',
]  # fmt: skip
# Latencies whose text differs between writers that round or drop ``.0``.
LATENCIES = [(600.0, 600.0), (1e-05, 0.30000000000000004), (0.1, 1234.5678901234567), (7.5, 9.0)]


@pytest.fixture
def world(client: TestClient, db: Session, settings: Settings) -> World:
    w = research_world.build_world(db, settings)
    research_world.set_policy(db, w.campaign_a, individual_results=IndividualResults.NAMED)
    for seed, invitation in enumerate(w.invitations[:2], start=1):
        research_world.run_iat(client, invitation, seed=seed)
    ids = list(db.scalars(select(Trial.id).order_by(Trial.id)))
    for i, text in enumerate(HOSTILE):
        values = {"stimulus_id": text, "first_key": HOSTILE[-1 - i], "category": text[:20]}
        db.execute(update(Trial).where(Trial.id == ids[3 * i]).values(**values))
    for i, (first, latency) in enumerate(LATENCIES):
        values = {"first_latency_ms": first, "latency_ms": latency, "focus_lost": True}
        db.execute(update(Trial).where(Trial.id == ids[3 * i + 1]).values(**values))
    db.commit()
    return w


def _stored(db: Session, campaign_id: int, *order: object) -> list[tuple[Trial, str]]:
    query = (
        select(Trial, Participant.export_pseudonym)
        .join(ParticipantSession, ParticipantSession.id == Trial.session_id)
        .join(Participant, Participant.id == ParticipantSession.participant_id)
        .where(Participant.campaign_id == campaign_id)
        .order_by(*order)
    )
    db.expire_all()
    return [(row[0], row[1]) for row in db.execute(query)]


def test_streamed_files_equal_the_per_row_writer_byte_for_byte(
    client: TestClient, db: Session, world: World
) -> None:
    records = [trial_record(t, s) for t, s in _stored(db, world.campaign_a, Trial.id)]
    assert any(r.stimulus == "line\nbreak" for r in records)
    token = make_token(db, organisation_id(db, world.campaign_a))
    base = f"/api/v1/campaigns/{world.campaign_a}/trials"
    streamed_csv = client.get(f"{base}.csv", headers=auth(token)).content
    assert streamed_csv == "".join(csv_lines(records)).encode()
    assert b"'=1+2" in streamed_csv and b'"line\nbreak"' in streamed_csv
    assert b",600.0," in streamed_csv and b",1e-05," in streamed_csv
    streamed_ndjson = client.get(f"{base}.ndjson", headers=auth(token)).content
    assert streamed_ndjson == "".join(ndjson_lines(records)).encode()


def test_keyset_pages_carry_the_same_rows(client: TestClient, db: Session, world: World) -> None:
    records = [trial_record(t, s).model_dump() for t, s in _stored(db, world.campaign_a, Trial.id)]
    token = make_token(db, organisation_id(db, world.campaign_a))
    url = f"/api/v1/campaigns/{world.campaign_a}/trials"
    items: list[dict[str, object]] = []
    page = {"next_cursor": None}
    while True:
        params = {"limit": 41, **({"cursor": page["next_cursor"]} if page["next_cursor"] else {})}
        response = client.get(url, params=params, headers=auth(token))
        assert response.headers["content-type"] == "application/json"
        page = json.loads(response.content)
        items += page["items"]
        if not page["next_cursor"]:
            break
    assert items == records
    assert all(type(a["latency_ms"]) is float for a in items)  # 600.0 stays a float


def test_hr_trials_export_streams_the_same_bytes(db: Session, world: World) -> None:
    order = (Participant.export_pseudonym, Trial.block_index, Trial.trial_index)
    records = [trial_record(t, s) for t, s in _stored(db, world.campaign_a, *order)]
    scope = cli_scope(db, world.campaign_a)
    file = export_campaign(db, scope, world.campaign_a, ExportKind.TRIALS, ExportFormat.CSV)
    assert file.row_count == len(records)
    assert b"".join(file.body()) == "".join(csv_lines(records)).encode()


def test_scores_read_the_same_trials_columnar(
    client: TestClient, db: Session, world: World
) -> None:
    """``/scores``'s columnar read equals the row-by-row one, participants in pseudonym order."""
    for invitation in world.invitations[:2]:
        research_world.finish_with_questionnaire(client, invitation)
    research_world.run_iat(client, world.invitations[2], seed=3)  # not finished: not counted
    rows = research_repo.scoring_rows(db, world.campaign_a)
    arrays = research_scores.campaign_trials(db, world.campaign_a)
    assert arrays is not None and len(rows) == arrays.latency_ms.size > 0
    subjects = sorted({row[0] for row in rows})
    assert list(arrays.labels) == subjects
    assert [subjects[i] for i in arrays.participant] == [row[0] for row in rows]
    assert arrays.is_a.tolist() == [row[2] == "A" for row in rows]
    assert arrays.is_test.tolist() == [row[3] == "test" for row in rows]
    assert arrays.latency_ms.tolist() == [row[4] for row in rows]
    assert arrays.error.tolist() == [bool(row[5]) for row in rows]
    assert arrays.first_latency_ms.tolist() == [row[6] for row in rows]


def test_hr_download_routes_stream_the_same_bytes_with_their_row_count(
    client: TestClient, db: Session, world: World
) -> None:
    """The HR API and the exports page's form send the streamed file, ``X-Row-Count`` first."""
    order = (Participant.export_pseudonym, Trial.block_index, Trial.trial_index)
    records = [trial_record(t, s) for t, s in _stored(db, world.campaign_a, *order)]
    organisation = organisation_id(db, world.campaign_a)
    make_user(db, "hr@demo.fr", HRRole.HR_ADMIN, organisation)
    token = login(client, "hr@demo.fr")
    api = client.post(
        f"/api/v1/hr/campaigns/{world.campaign_a}/exports", json={"kind": "trials", "format": "csv"}
    )
    form = {"csrf_token": token, "kind": "trials", "format": "csv"}
    page = client.post(f"/hr/campaigns/{world.campaign_a}/exports", data=form)
    for response in (api, page):
        assert response.status_code == 200, response.text
        assert response.headers["x-row-count"] == str(len(records))
        assert response.content == "".join(csv_lines(records)).encode()


@pytest.mark.parametrize("column", ["block_role", "correct_side", "onset_method", "input_modality"])
def test_text_columns_left_unneutralised_cannot_hold_a_formula(
    db: Session, world: World, column: str
) -> None:
    """``trial_stream.CLOSED_TEXT`` skips the neutralisation on columns the table's CHECK
    constraints close: a row planted with a formula there is refused by the database."""
    first = db.scalars(select(Trial.id).order_by(Trial.id)).first()
    with pytest.raises(IntegrityError):
        db.execute(update(Trial).where(Trial.id == first).values({column: "=1+2"}))
        db.flush()
    db.rollback()
