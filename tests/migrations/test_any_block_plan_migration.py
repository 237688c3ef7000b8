"""Migration 0009: block indices beyond 7, and each session's block count from its plan."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.engine import build_engine
from app.db.migrate import downgrade, upgrade
from app.db.models import (
    Campaign,
    Organisation,
    Participant,
    ParticipantSession,
    Study,
    Team,
    Trial,
)
from iat import generate_session_plan, load_builtin_study, study_document
from tests.support.databases import backends, fresh_database

TRIAL = {
    "block_role": "combined", "pairing": "A", "stage": "test", "trial_index": 1,
    "stimulus_id": "target_a:1", "category": "target_a", "correct_side": "left",
    "first_key": "e", "first_latency_ms": 500.0, "error": False, "latency_ms": 500.0,
    "onset_method": "paint", "input_modality": "keyboard", "focus_lost": False,
}  # fmt: skip


@pytest.fixture(params=backends())
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    with fresh_database(request.param, tmp_path) as url:
        engine = build_engine(url)
        try:
            yield url, engine
        finally:
            engine.dispose()


def _session_with_plan(engine: Engine) -> int:
    study = load_builtin_study("default")
    with Session(engine) as db:
        organisation = Organisation(name="O")
        db.add(organisation)
        db.flush()
        team = Team(organisation_id=organisation.id, name="T")
        stored = Study(study_key="default", content_hash=study.version)
        stored.definition = study_document(study)
        db.add_all([team, stored])
        db.flush()
        campaign = Campaign(organisation_id=organisation.id, name="C", study_id=stored.id)
        db.add(campaign)
        db.flush()
        person = Participant(
            campaign_id=campaign.id, team_id=team.id, code="p", export_pseudonym="x"
        )
        db.add(person)
        db.flush()
        session = ParticipantSession(
            participant_id=person.id, seed=1, first_pairing="A", target_a_side="left",
            attribute_pos_side="left", plan=generate_session_plan(study, None, 1, "fr"),
        )  # fmt: skip
        db.add(session)
        db.flush()
        db.add(Trial(session_id=session.id, block_index=7, **TRIAL))
        db.commit()
        return session.id


def _n_blocks(engine: Engine, session_id: int) -> object:
    with engine.connect() as conn:
        query = text("SELECT n_blocks FROM participant_sessions WHERE id = :id")
        return conn.execute(query, {"id": session_id}).scalar_one()


def test_block_counts_are_filled_from_the_plans_and_trials_survive(
    engine: tuple[str, Engine],
) -> None:
    url, db_engine = engine
    upgrade(url)
    session_id = _session_with_plan(db_engine)
    downgrade(url, "0008_publication")
    upgrade(url)
    assert _n_blocks(db_engine, session_id) == 7
    with db_engine.connect() as conn:
        assert conn.execute(text("SELECT block_index FROM trials")).scalar_one() == 7
    insert = (
        "INSERT INTO trials (session_id, block_index, block_role, trial_index, stimulus_id,"
        " category, correct_side, first_key, first_latency_ms, error, latency_ms, onset_method,"
        " input_modality, focus_lost, created_at) VALUES (:s, :b, 'targets', 1, 'x', 'target_a',"
        " 'left', 'e', 500, false, 500, 'paint', 'keyboard', false, CURRENT_TIMESTAMP)"
    )
    with db_engine.begin() as conn:
        conn.execute(text(insert), {"s": session_id, "b": 20})
    with pytest.raises(IntegrityError), db_engine.begin() as conn:
        conn.execute(text(insert), {"s": session_id, "b": 21})
