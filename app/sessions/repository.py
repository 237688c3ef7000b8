"""Queries on invitations → participants → sessions, trials and block receipts."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from operator import attrgetter
from typing import Any, Protocol

from sqlalchemy import Connection, Table, bindparam, delete, select
from sqlalchemy.orm import Session

from app.db.base import utc_now
from app.db.engine import write_gate
from app.db.models import (
    BlockUpload,
    Campaign,
    Invitation,
    Participant,
    ParticipantSession,
    QuestionnaireAnswer,
    Score,
    Trial,
)
from app.sessions.schemas import BLOCK_FIELDS, STORED_TRIAL_FIELDS, TRIAL_FIELDS, TrialUpload
from iat import SessionPlan


def find_by_token_hash(
    db: Session, token_hash: str
) -> tuple[Invitation, Participant, Campaign, ParticipantSession | None] | None:
    """The invitation with this hash and what hangs off it, in one query."""
    query = (
        select(Invitation, Participant, Campaign, ParticipantSession)
        .join(Participant, Participant.id == Invitation.participant_id)
        .join(Campaign, Campaign.id == Participant.campaign_id)
        .outerjoin(ParticipantSession, ParticipantSession.participant_id == Participant.id)
        .where(Invitation.token_hash == token_hash)
    )
    row = db.execute(query).one_or_none()
    return None if row is None else (row[0], row[1], row[2], row[3])


def add_session(db: Session, session: ParticipantSession) -> ParticipantSession:
    db.add(session)
    db.flush()
    return session


def get_block_upload(db: Session, session_id: int, block_index: int) -> BlockUpload | None:
    query = select(BlockUpload).where(
        BlockUpload.session_id == session_id, BlockUpload.block_index == block_index
    )
    return db.scalars(query).one_or_none()


def _table(model: type) -> Table:
    """The Core table of a model (Core statements skip the ORM unit of work: hot path)."""
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


@dataclass(frozen=True)
class UploadTarget:
    """What a block upload needs to know about its session, read in one lean query."""

    session_id: int
    state: str
    blocks_done: int
    iat_skipped: bool
    block_keys: list[dict[str, Any]] | None
    link_revoked: bool
    campaign_state: str
    token_hash: str


# Built once: constructing a 4-table select costs more than running it (hot path). The
# session rows are locked (PostgreSQL) in id order, so two writers never wait on each other
# in a cycle; SQLite renders no FOR UPDATE (its writers hold the database's write lock).
_UPLOAD_TARGETS = (
    select(
        ParticipantSession.id,
        ParticipantSession.state,
        ParticipantSession.blocks_done,
        ParticipantSession.iat_skipped,
        ParticipantSession.block_keys,
        Invitation.revoked_at.is_not(None),
        Campaign.state,
        Invitation.token_hash,
    )
    .join(Participant, Participant.id == Invitation.participant_id)
    .join(Campaign, Campaign.id == Participant.campaign_id)
    .join(ParticipantSession, ParticipantSession.participant_id == Participant.id)
    .where(Invitation.token_hash.in_(bindparam("token_hashes", expanding=True)))
    .order_by(ParticipantSession.id)
    .with_for_update(of=ParticipantSession)
)


def lock_upload_targets(db: Session, token_hashes: Iterable[str]) -> dict[str, UploadTarget]:
    """The sessions behind these invitation hashes, as plain columns (no ORM objects: hot
    path), keyed by hash; inside a write transaction, locked until it ends.

    Reads the compact ``block_keys``, not the plan (tens of KB of JSON to decode). Runs on
    the session's connection (Core): the ORM's execution layer cost more than the query.
    """
    rows = db.connection().execute(_UPLOAD_TARGETS, {"token_hashes": list(token_hashes)})
    return {row[-1]: UploadTarget(*row) for row in rows}


def session_plan(db: Session, session_id: int) -> SessionPlan | None:
    """The full plan: only for sessions without keys and for detailed error messages."""
    query = select(ParticipantSession.plan).where(ParticipantSession.id == session_id)
    plan: SessionPlan | None = db.scalar(query)
    return plan


class TrialValues(Protocol):
    """One validated trial as uploaded (app.sessions.schemas.TrialUpload), read-only."""

    @property
    def trial_index(self) -> int: ...

    @property
    def stimulus_id(self) -> str: ...

    @property
    def category(self) -> str: ...

    @property
    def correct_side(self) -> str: ...

    @property
    def first_key(self) -> str: ...

    @property
    def first_latency_ms(self) -> float: ...

    @property
    def error(self) -> bool: ...

    @property
    def latency_ms(self) -> float: ...

    @property
    def onset_method(self) -> str: ...

    @property
    def input_modality(self) -> str: ...

    @property
    def focus_lost(self) -> bool: ...


@dataclass(frozen=True)
class BlockColumns:
    """The columns every trial of a block shares (from the session's plan)."""

    session_id: int
    block_index: int
    block_role: str
    pairing: str | None
    stage: str | None


_RECEIPT_COLUMNS = "session_id, block_index, payload_hash, trial_count, created_at"
# The trial's fields as declared (app.sessions.schemas), between its session and its time.
_TRIAL_COLUMNS = ", ".join(("session_id", *STORED_TRIAL_FIELDS, "created_at"))
_MEASURED = attrgetter(*TRIAL_FIELDS)  # one trial's uploaded values, in TRIAL_FIELDS order
# Rows per SQLite INSERT statement: 17 trial columns x 960 rows stays under its 32766 bound
# parameters.
_ROWS_PER_INSERT = 960


@dataclass(frozen=True)
class BlockRows:
    """One accepted block, ready to insert: its shared columns, payload digest and trials,
    and the upload as its model dumped it to JSON (``{"trials": [...]}``), which is how the
    trials travel to PostgreSQL."""

    block: BlockColumns
    digest: str
    trials: Sequence[TrialValues]
    body_json: str


@lru_cache(maxsize=256)
def _values_sql(head: str, width: int, n_rows: int) -> str:
    """``head`` followed by ``n_rows`` tuples of ``width`` placeholders: one statement step
    for many rows, where ``executemany`` steps (and, in sqlite3, re-takes the GIL) per row."""
    row = "(" + ", ".join(["?"] * width) + ")"
    return head + " VALUES " + ", ".join([row] * n_rows)


def _insert_rows(
    connection: Connection, table: str, columns: str, rows: list[tuple[Any, ...]]
) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) with multi-row INSERTs of up to
    _ROWS_PER_INSERT rows (SQLite)."""
    if not rows:
        return
    width = len(rows[0])
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        chunk = rows[start : start + _ROWS_PER_INSERT]
        sql = _values_sql(f"INSERT INTO {table} ({columns})", width, len(chunk))
        connection.exec_driver_sql(sql, tuple(chain.from_iterable(chunk)))


def _now_param(connection: Connection) -> Any:
    """The current time as the driver expects it for our DateTime columns (bound once)."""
    column_type = _table(BlockUpload).c.created_at.type
    process = column_type.dialect_impl(connection.dialect).bind_processor(connection.dialect)
    now = utc_now()
    return now if process is None else process(now)


def _trial_rows(rows: BlockRows, now: Any) -> Iterator[tuple[Any, ...]]:
    b = rows.block
    head = (b.session_id, b.block_index, b.block_role, b.pairing, b.stage)
    tail = (now,)
    for t in rows.trials:
        yield head + _MEASURED(t) + tail


def _sqlite_in_transaction(connection: Connection) -> bool:
    driver: Any = connection.connection.driver_connection
    return bool(driver.in_transaction)


@contextmanager
def write_transaction(db: Session) -> Iterator[None]:
    """A transaction that holds the database's write lock from its first statement.

    On SQLite, writers of this process take turns on a lock and then ``BEGIN IMMEDIATE``:
    a deferred transaction would only ask for the write lock at its first INSERT and, when
    busy, wait in SQLite's sleep-and-retry steps (1 to 100 ms). PostgreSQL locks rows
    instead (lock_upload_targets). Commit inside the block; anything not committed is
    rolled back before the turn passes on.
    """
    with write_gate(db.get_bind()):
        connection = db.connection()
        if connection.dialect.name == "sqlite" and not _sqlite_in_transaction(connection):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            db.rollback()


# PostgreSQL: the whole batch is one JSON parameter that the server unpacks (receipts and
# trials in one statement, one round trip). Handing psycopg thousands of separate values
# (multi-row VALUES, arrays or COPY rows) costs milliseconds of Python per batch; one string
# costs next to nothing, and JSON numbers convert to float8 exactly (shortest round-trip
# decimal of the browser's double). Each block carries its upload's JSON as dumped for the
# payload digest, so no trial is serialised twice. The server parses the document once
# (jsonb); as ``json`` it re-parsed each block's text for ``->`` and again for its trials.
_PG_TYPES: dict[object, str] = {int: "int", float: "float8", bool: "boolean"}
_PG_RECORD = ", ".join(
    f"{name} {_PG_TYPES.get(TrialUpload.model_fields[name].annotation, 'text')}"
    for name in TRIAL_FIELDS
)
_PG_SELECT = ", ".join(
    ("b.session_id", *(f"b.{name}" for name in BLOCK_FIELDS), *(f"t.{n}" for n in TRIAL_FIELDS))
)
_STORE_POSTGRES = f"""
WITH batch AS (
    SELECT * FROM jsonb_to_recordset(%(blocks)s::jsonb) AS b(
        session_id int, block_index int, block_role text, pairing text, stage text,
        payload_hash text, trial_count int, body jsonb)
), receipts AS (
    INSERT INTO block_uploads ({_RECEIPT_COLUMNS})
    SELECT session_id, block_index, payload_hash, trial_count, %(now)s FROM batch
)
INSERT INTO trials ({_TRIAL_COLUMNS})
SELECT {_PG_SELECT}, %(now)s
FROM batch AS b CROSS JOIN LATERAL jsonb_to_recordset(b.body -> 'trials') AS t({_PG_RECORD})
"""


def _blocks_json(blocks: Sequence[BlockRows]) -> str:
    """The batch as _STORE_POSTGRES reads it: a JSON array with an object per block, built
    around each upload's JSON text (already validated and dumped by its model) rather than
    re-serialising its trials."""
    return (
        "["
        + ",".join(
            f'{{"session_id":{r.block.session_id},"block_index":{r.block.block_index},'
            f'"block_role":{json.dumps(r.block.block_role)},'
            f'"pairing":{json.dumps(r.block.pairing)},"stage":{json.dumps(r.block.stage)},'
            f'"payload_hash":"{r.digest}","trial_count":{len(r.trials)},"body":{r.body_json}}}'
            for r in blocks
        )
        + "]"
    )


def store_blocks(db: Session, blocks: Sequence[BlockRows]) -> None:
    """Insert the receipts and all trials of ``blocks``: on PostgreSQL in one statement
    (_STORE_POSTGRES), on SQLite in a few multi-row INSERTs (driver level: Core's per-row
    parameter processing would cost more than the insert). A receipt is what advances its
    session's ``blocks_done``. The caller commits.

    Raises IntegrityError when a receipt already exists (a block stored concurrently); the
    caller rolls back.
    """
    if not blocks:
        return
    connection = db.connection()
    now = _now_param(connection)
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(_STORE_POSTGRES, {"blocks": _blocks_json(blocks), "now": now})
        return
    receipts = [
        (r.block.session_id, r.block.block_index, r.digest, len(r.trials), now) for r in blocks
    ]
    _insert_rows(connection, "block_uploads", _RECEIPT_COLUMNS, receipts)
    trials = [row for r in blocks for row in _trial_rows(r, now)]
    _insert_rows(connection, "trials", _TRIAL_COLUMNS, trials)


def session_trials(db: Session, session_id: int) -> list[Trial]:
    query = (
        select(Trial)
        .where(Trial.session_id == session_id)
        .order_by(Trial.block_index, Trial.trial_index)
    )
    return list(db.scalars(query))


def session_scores(db: Session, session_id: int) -> list[Score]:
    return list(db.scalars(select(Score).where(Score.session_id == session_id)))


def session_answers(db: Session, session_id: int) -> list[QuestionnaireAnswer]:
    query = select(QuestionnaireAnswer).where(QuestionnaireAnswer.session_id == session_id)
    return list(db.scalars(query.order_by(QuestionnaireAnswer.id)))


def upsert_score(db: Session, score: Score) -> Score:
    """Replace the score of the same (session, kind, name): scores are derived, never edited."""
    db.execute(
        delete(Score).where(
            Score.session_id == score.session_id,
            Score.kind == score.kind,
            Score.name == score.name,
        )
    )
    db.add(score)
    db.flush()
    return score


def erase_session_data(db: Session, session_id: int) -> dict[str, int]:
    """Delete trials, receipts, answers and scores of a session; return the counts."""
    counts = {}
    for name, model in (
        ("trials", Trial),
        ("blocks", BlockUpload),
        ("answers", QuestionnaireAnswer),
        ("scores", Score),
    ):
        result = db.execute(delete(model).where(model.session_id == session_id))
        counts[name] = int(result.rowcount or 0)  # type: ignore[attr-defined]
    return counts
