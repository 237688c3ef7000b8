"""Group commit of block uploads: many uploads in one transaction, each answered on its own."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.config import Mode, Settings
from app.db.engine import build_engine, build_sessionmaker
from app.db.migrate import downgrade, upgrade
from app.db.models import BlockUpload, ParticipantSession, Trial
from app.demo.organisation import load_demo
from app.domain import OnsetMethod
from app.errors import AppError, Conflict, InvalidInput, NotFound
from app.instruments import repository as instruments
from app.security import token_hash
from app.sessions import repository as session_repo
from app.sessions.block_writer import (
    LoopBlockWriter,
    ThreadBlockWriter,
    block_writer_for,
)
from app.sessions.blocks import prepare_upload, record_blocks
from app.sessions.flow import give_consent, start_iat
from app.sessions.schemas import (
    BlockReceipt,
    BlockUploadCreate,
    ConsentCreate,
    StartCreate,
    TrialUpload,
)
from iat import load_builtin_study, parse_study, study_document
from tests.support.databases import backends, fresh_database
from tests.support.invitations import demo_invitation, named_campaign_invitation
from tests.support.participants import simulated_blocks

TRIAL_UPLOAD_FIELDS = list(TrialUpload.model_fields)


def _started(db: Session, settings: Settings, seed: int) -> tuple[str, list[BlockUploadCreate]]:
    """A fresh participant with the timed test started, and their seven simulated blocks."""
    token = demo_invitation(db, settings)
    give_consent(db, settings, token, ConsentCreate(language="fr", accept=True))
    plan = start_iat(db, settings, token, StartCreate(input_modality="keyboard"), None).plan
    blocks = [BlockUploadCreate.model_validate(b) for b in simulated_blocks(plan, seed=seed)]
    return token, blocks


def _session_id(db: Session, token: str) -> int:
    found = session_repo.find_by_token_hash(db, token_hash(token))
    assert found is not None and found[3] is not None
    return found[3].id


def _stored(engine: Engine, session_id: int) -> tuple[int, list[tuple[Any, ...]]]:
    """(blocks_done, trials as (block, index, first latency, latency)) read afresh."""
    with Session(engine) as fresh:
        done = fresh.scalar(
            select(ParticipantSession.blocks_done).where(ParticipantSession.id == session_id)
        )
        trials = fresh.execute(
            select(Trial.block_index, Trial.trial_index, Trial.first_latency_ms, Trial.latency_ms)
            .where(Trial.session_id == session_id)
            .order_by(Trial.block_index, Trial.trial_index)
        ).all()
    assert done is not None
    return done, [tuple(row) for row in trials]


def _sent(index: int, block: BlockUploadCreate) -> list[tuple[Any, ...]]:
    return [(index, t.trial_index, t.first_latency_ms, t.latency_ms) for t in block.trials]


def test_one_batch_stores_the_good_uploads_and_refuses_the_others(
    db: Session, settings: Settings, engine: Engine
) -> None:
    token_a, blocks_a = _started(db, settings, 1)
    token_b, blocks_b = _started(db, settings, 2)
    token_c, blocks_c = _started(db, settings, 3)
    tampered = blocks_c[0].model_copy(deep=True)
    tampered.trials[0].stimulus_id = "not-in-the-plan"
    changed = blocks_a[0].model_copy(deep=True)
    changed.trials[0].latency_ms += 1.0
    changed.trials[0].first_latency_ms = changed.trials[0].latency_ms
    changed.trials[0].error = False
    uploads = [
        prepare_upload(token_a, 1, blocks_a[0]),
        prepare_upload(token_b, 2, blocks_b[1]),  # block 1 never sent
        prepare_upload(token_c, 1, tampered),
        prepare_upload(token_a, 1, blocks_a[0]),  # a retry inside the same batch
        prepare_upload(token_a, 1, changed),  # other data for a block of this batch
        prepare_upload(token_a, 2, blocks_a[1]),  # follows block 1 of this batch
        prepare_upload("unknown-token", 1, blocks_a[0]),
    ]

    outcomes = record_blocks(db, uploads)

    n1, n2 = len(blocks_a[0].trials), len(blocks_a[1].trials)
    assert outcomes[0] == BlockReceipt(block_index=1, trial_count=n1)
    assert isinstance(outcomes[1], Conflict) and "expected block 1" in outcomes[1].detail
    assert isinstance(outcomes[2], InvalidInput) and "stimulus_id" in outcomes[2].detail
    assert outcomes[3] == outcomes[0]
    assert isinstance(outcomes[4], Conflict) and "different data" in outcomes[4].detail
    assert outcomes[5] == BlockReceipt(block_index=2, trial_count=n2)
    assert isinstance(outcomes[6], NotFound)
    done_a, trials_a = _stored(engine, _session_id(db, token_a))
    assert done_a == 2
    assert trials_a == _sent(1, blocks_a[0]) + _sent(2, blocks_a[1])  # latencies exact
    assert _stored(engine, _session_id(db, token_b)) == (0, [])
    assert _stored(engine, _session_id(db, token_c)) == (0, [])


def test_the_same_block_sent_twice_at_once_is_stored_once(
    db: Session, settings: Settings, engine: Engine
) -> None:
    """Two writers race (as two server processes would); the loser answers as a retry."""
    token, blocks = _started(db, settings, 4)
    upload = prepare_upload(token, 1, blocks[0])
    start = threading.Barrier(2)
    outcomes: list[Any] = []

    def write() -> None:
        with build_sessionmaker(engine)() as own:
            start.wait()
            outcomes.extend(record_blocks(own, [upload]))

    threads = [threading.Thread(target=write) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    receipt = BlockReceipt(block_index=1, trial_count=len(blocks[0].trials))
    assert outcomes == [receipt, receipt]
    session_id = _session_id(db, token)
    assert _stored(engine, session_id) == (1, _sent(1, blocks[0]))
    with Session(engine) as fresh:
        receipts = fresh.scalar(
            select(func.count())
            .select_from(BlockUpload)
            .where(BlockUpload.session_id == session_id)
        )
    assert receipts == 1


def test_the_writer_answers_concurrent_requests(
    db: Session, settings: Settings, engine: Engine
) -> None:
    started = [_started(db, settings, seed) for seed in (5, 6, 7)]
    writer = block_writer_for(build_sessionmaker(engine))
    expected = LoopBlockWriter if engine.dialect.name == "sqlite" else ThreadBlockWriter
    assert isinstance(writer, expected)

    async def upload_all() -> list[Any]:
        uploads = [prepare_upload(token, 1, blocks[0]) for token, blocks in started]
        uploads.append(prepare_upload(started[0][0], 3, started[0][1][2]))  # out of order
        return await asyncio.gather(
            *(writer.submit(upload) for upload in uploads), return_exceptions=True
        )

    try:
        outcomes = asyncio.run(upload_all())
    finally:
        writer.close()

    for (token, blocks), outcome in zip(started, outcomes, strict=False):
        assert outcome == BlockReceipt(block_index=1, trial_count=len(blocks[0].trials))
        assert _stored(engine, _session_id(db, token)) == (1, _sent(1, blocks[0]))
    assert isinstance(outcomes[3], Conflict)


@pytest.mark.parametrize("backend", backends())
def test_downgrade_restores_blocks_done_from_the_receipts(backend: str, tmp_path: Path) -> None:
    with fresh_database(backend, tmp_path) as url:
        upgrade(url)
        engine = build_engine(url)
        try:
            with build_sessionmaker(engine)() as own:
                local = Settings(
                    database_url=url, mode=Mode.TEST, var_dir=tmp_path, secret_key="test-secret"
                )
                token, blocks = _started(own, local, 8)
                outcomes = record_blocks(
                    own, [prepare_upload(token, k, blocks[k - 1]) for k in (1, 2, 3)]
                )
                assert all(isinstance(o, BlockReceipt) for o in outcomes)
                session_id = _session_id(own, token)
            downgrade(url, "0004_block_keys")
            with engine.connect() as conn:
                done = conn.execute(
                    text("SELECT blocks_done FROM participant_sessions WHERE id = :id"),
                    {"id": session_id},
                ).scalar()
            assert done == 3
            upgrade(url)
        finally:
            engine.dispose()


def test_an_upload_that_fails_fails_alone(db: Session, settings: Settings, engine: Engine) -> None:
    """A session whose stored block keys are damaged breaks its own upload, not the batch's."""
    token_a, blocks_a = _started(db, settings, 9)
    token_b, blocks_b = _started(db, settings, 10)
    with Session(engine) as other, other.begin():
        other.execute(
            update(ParticipantSession)
            .where(ParticipantSession.id == _session_id(db, token_b))
            .values(block_keys=[{"damaged": True}])
        )

    outcomes = record_blocks(
        db, [prepare_upload(token_b, 1, blocks_b[0]), prepare_upload(token_a, 1, blocks_a[0])]
    )

    assert isinstance(outcomes[0], Exception) and not isinstance(outcomes[0], AppError)
    assert outcomes[1] == BlockReceipt(block_index=1, trial_count=len(blocks_a[0].trials))
    assert _stored(engine, _session_id(db, token_a)) == (1, _sent(1, blocks_a[0]))
    assert _stored(engine, _session_id(db, token_b)) == (0, [])


def _awkward_keys_started(db: Session, settings: Settings) -> tuple[str, BlockUploadCreate]:
    """A participant of a study whose response keys JSON must escape ('"') or that are not
    ASCII ('é'), with the timed test started, and their first simulated block."""
    load_demo(db, settings)
    document = study_document(load_builtin_study("default"))
    document.pop("version")
    document["id"], document["keys"] = "awkward-keys", {"left": '"', "right": "é"}
    study = study_document(parse_study(document))
    stored = instruments.get_or_add_study(db, "awkward-keys", study["version"], study)
    db.commit()
    token = named_campaign_invitation(db, settings, "Awkward keys", study_id=stored.id)
    give_consent(db, settings, token, ConsentCreate(language="fr", accept=True))
    plan = start_iat(db, settings, token, StartCreate(input_modality="keyboard"), None).plan
    return token, BlockUploadCreate.model_validate(simulated_blocks(plan, seed=4)[0])


def test_every_column_is_stored_as_sent(db: Session, settings: Settings, engine: Engine) -> None:
    """Each trial column round-trips (on PostgreSQL through the batch's JSON document),
    including keys that JSON must escape and both booleans set."""
    token, block = _awkward_keys_started(db, settings)
    assert {t.first_key for t in block.trials} == {'"', "é"}
    for trial in block.trials:
        trial.focus_lost = True
    block.trials[-1].input_modality = "touch"
    block.trials[-1].onset_method = OnsetMethod.RAF_NOW

    assert record_blocks(db, [prepare_upload(token, 1, block)]) == [
        BlockReceipt(block_index=1, trial_count=len(block.trials))
    ]
    columns = [getattr(Trial, name) for name in TRIAL_UPLOAD_FIELDS]
    with Session(engine) as fresh:
        rows = fresh.execute(
            select(*columns)
            .where(Trial.session_id == _session_id(db, token))
            .order_by(Trial.trial_index)
        ).all()
    sent = [tuple(getattr(t, name) for name in TRIAL_UPLOAD_FIELDS) for t in block.trials]
    assert [tuple(row) for row in rows] == sent


def _trial_count(engine: Engine, session_id: int) -> int:
    with Session(engine) as fresh:
        query = select(func.count()).select_from(Trial).where(Trial.session_id == session_id)
        return int(fresh.scalar(query) or 0)


def test_trials_must_name_an_existing_session(
    db: Session, settings: Settings, engine: Engine
) -> None:
    """The reference from trials to sessions holds (PostgreSQL: statement triggers, 0006)."""
    token, blocks = _started(db, settings, 5)
    record_blocks(db, [prepare_upload(token, 1, blocks[0])])
    session_id = _session_id(db, token)
    copy = (
        "INSERT INTO trials (session_id, block_index, block_role, pairing, stage, trial_index,"
        " stimulus_id, category, correct_side, first_key, first_latency_ms, error, latency_ms,"
        " onset_method, input_modality, focus_lost, created_at)"
        " SELECT :session, block_index + 1, block_role, pairing, stage, trial_index,"
        " stimulus_id, category, correct_side, first_key, first_latency_ms, error, latency_ms,"
        " onset_method, input_modality, focus_lost, created_at FROM trials WHERE session_id = :id"
    )
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text(copy), {"session": session_id + 1000, "id": session_id})
    with engine.begin() as conn:  # the same statement for the existing session is fine
        conn.execute(text(copy), {"session": session_id, "id": session_id})
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(
            text("UPDATE trials SET session_id = :other WHERE session_id = :id"),
            {"other": session_id + 1000, "id": session_id},
        )
    assert _trial_count(engine, session_id) == 2 * len(blocks[0].trials)


@pytest.mark.parametrize("deleted", ["session", "participant"])
def test_deleting_a_session_deletes_its_trials(
    db: Session, settings: Settings, engine: Engine, deleted: str
) -> None:
    """ON DELETE CASCADE, also when the session goes with its participant (a cascade of a
    cascade, which on PostgreSQL fires the trigger of migration 0006)."""
    kept_token, kept_blocks = _started(db, settings, 6)
    token, blocks = _started(db, settings, 7)
    record_blocks(db, [prepare_upload(kept_token, 1, kept_blocks[0])])
    record_blocks(db, [prepare_upload(token, 1, blocks[0]), prepare_upload(token, 2, blocks[1])])
    kept, gone = _session_id(db, kept_token), _session_id(db, token)
    assert _trial_count(engine, gone) == len(blocks[0].trials) + len(blocks[1].trials)

    with engine.begin() as conn:
        if deleted == "session":
            conn.execute(text("DELETE FROM participant_sessions WHERE id = :id"), {"id": gone})
        else:
            conn.execute(
                text(
                    "DELETE FROM participants WHERE id ="
                    " (SELECT participant_id FROM participant_sessions WHERE id = :id)"
                ),
                {"id": gone},
            )

    assert _trial_count(engine, gone) == 0
    assert _trial_count(engine, kept) == len(kept_blocks[0].trials)
