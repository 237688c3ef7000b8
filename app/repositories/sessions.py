"""Queries on invitations → participants → sessions, trials and block receipts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
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


# Built once: constructing a 4-table select costs more than running it (hot path).
_UPLOAD_TARGET = (
    select(
        ParticipantSession.id,
        ParticipantSession.state,
        ParticipantSession.blocks_done,
        ParticipantSession.iat_skipped,
        ParticipantSession.block_keys,
        Invitation.revoked_at.is_not(None),
        Campaign.state,
    )
    .join(Participant, Participant.id == Invitation.participant_id)
    .join(Campaign, Campaign.id == Participant.campaign_id)
    .join(ParticipantSession, ParticipantSession.participant_id == Participant.id)
    .where(Invitation.token_hash == bindparam("token_hash"))
)


def find_upload_target(db: Session, token_hash: str) -> UploadTarget | None:
    """The session behind an invitation hash, as plain columns (no ORM objects: hot path).

    Reads the compact ``block_keys``, not the plan (tens of KB of JSON to decode).
    """
    row = db.execute(_UPLOAD_TARGET, {"token_hash": token_hash}).one_or_none()
    return None if row is None else UploadTarget(*row)


def session_plan(db: Session, session_id: int) -> dict[str, Any] | None:
    """The full plan: only for sessions without keys and for detailed error messages."""
    query = select(ParticipantSession.plan).where(ParticipantSession.id == session_id)
    plan: dict[str, Any] | None = db.scalar(query)
    return plan


class TrialValues(Protocol):
    """One validated trial as uploaded (app.schemas.participant.TrialUpload), read-only."""

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


_INSERT_RECEIPT = (
    "INSERT INTO block_uploads (session_id, block_index, payload_hash, trial_count, created_at)"
    " VALUES (?, ?, ?, ?, ?)"
)
_TRIAL_COLUMNS = (
    "session_id, block_index, block_role, pairing, stage, trial_index, stimulus_id, category,"
    " correct_side, first_key, first_latency_ms, error, latency_ms, onset_method,"
    " input_modality, focus_lost, created_at"
)
_ADVANCE = (
    "UPDATE participant_sessions SET blocks_done = ?, updated_at = ?"
    " WHERE id = ? AND blocks_done = ?"
)


def _driver_sql(connection: Connection, sql: str) -> str:
    """``sql`` in the driver's placeholder style (qmark for sqlite3, format for psycopg)."""
    return sql if connection.dialect.paramstyle == "qmark" else sql.replace("?", "%s")


@lru_cache(maxsize=64)
def _insert_trials_sql(n_rows: int) -> str:
    """One INSERT with ``n_rows`` VALUES tuples: a single statement step for the whole block,
    where ``executemany`` steps (and, in sqlite3, re-takes the GIL) once per row."""
    row = "(" + ", ".join(["?"] * 17) + ")"
    return f"INSERT INTO trials ({_TRIAL_COLUMNS}) VALUES " + ", ".join([row] * n_rows)


def _now_param(connection: Connection) -> Any:
    """The current time as the driver expects it for our DateTime columns (bound once)."""
    column_type = _table(BlockUpload).c.created_at.type
    process = column_type.dialect_impl(connection.dialect).bind_processor(connection.dialect)
    now = utc_now()
    return now if process is None else process(now)


def _trial_values(block: BlockColumns, trials: Sequence[TrialValues], now: Any) -> list[Any]:
    """The parameters of _insert_trials_sql, row after row."""
    head = (block.session_id, block.block_index, block.block_role, block.pairing, block.stage)
    values: list[Any] = []
    for t in trials:
        values.extend(head)
        values.extend((t.trial_index, t.stimulus_id, t.category, t.correct_side, t.first_key))
        values.extend((t.first_latency_ms, t.error, t.latency_ms, t.onset_method))
        values.extend((t.input_modality, t.focus_lost, now))
    return values


def _sqlite_in_transaction(connection: Connection) -> bool:
    driver: Any = connection.connection.driver_connection
    return bool(driver.in_transaction)


@contextmanager
def write_transaction(db: Session) -> Iterator[None]:
    """A transaction that holds the database's write lock from its first statement.

    On SQLite, writers of this process take turns on a lock and then ``BEGIN IMMEDIATE``:
    a deferred transaction would only ask for the write lock at its first INSERT and, when
    busy, wait in SQLite's sleep-and-retry steps (1 to 100 ms). Commit inside the block;
    anything not committed is rolled back before the turn passes on.
    """
    with write_gate(db.get_bind()):
        connection = db.connection()
        if connection.dialect.name == "sqlite" and not _sqlite_in_transaction(connection):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            db.rollback()


def store_block(
    db: Session, block: BlockColumns, digest: str, trials: Sequence[TrialValues]
) -> bool:
    """Insert the receipt and all trials, and advance ``blocks_done`` to this block.

    Driver-level statements, one for all the trials, skip Core's per-row parameter
    processing (this runs for every upload, inside the write lock on SQLite). Returns False
    when another request advanced the session first; the caller rolls back.
    """
    connection = db.connection()
    now = _now_param(connection)
    session_id, index = block.session_id, block.block_index
    receipt = (session_id, index, digest, len(trials), now)
    connection.exec_driver_sql(_driver_sql(connection, _INSERT_RECEIPT), receipt)
    insert_trials = _driver_sql(connection, _insert_trials_sql(len(trials)))
    connection.exec_driver_sql(insert_trials, tuple(_trial_values(block, trials, now)))
    advance = (index, now, session_id, index - 1)
    advanced = connection.exec_driver_sql(_driver_sql(connection, _ADVANCE), advance)
    return bool(advanced.rowcount)


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
