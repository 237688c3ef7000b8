"""Queries on invitations → participants → sessions, trials and block receipts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from app.db.base import utc_now
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
    plan: dict[str, Any] | None
    link_revoked: bool
    campaign_state: str


def find_upload_target(db: Session, token_hash: str) -> UploadTarget | None:
    """The session behind an invitation hash, as plain columns (no ORM objects: hot path)."""
    query = (
        select(
            ParticipantSession.id,
            ParticipantSession.state,
            ParticipantSession.blocks_done,
            ParticipantSession.iat_skipped,
            ParticipantSession.plan,
            Invitation.revoked_at.is_not(None),
            Campaign.state,
        )
        .join(Participant, Participant.id == Invitation.participant_id)
        .join(Campaign, Campaign.id == Participant.campaign_id)
        .join(ParticipantSession, ParticipantSession.participant_id == Participant.id)
        .where(Invitation.token_hash == token_hash)
    )
    row = db.execute(query).one_or_none()
    return None if row is None else UploadTarget(*row)


def store_block(
    db: Session, session_id: int, index: int, digest: str, trial_rows: list[dict[str, Any]]
) -> bool:
    """Insert the receipt and all trials, and advance ``blocks_done`` from ``index - 1``.

    Core statements (one executemany for the trials). Returns False when another request
    advanced the session first; the caller rolls back.
    """
    now = utc_now()
    connection = db.connection()
    receipt = {
        "session_id": session_id,
        "block_index": index,
        "payload_hash": digest,
        "trial_count": len(trial_rows),
        "created_at": now,
    }
    connection.execute(insert(_table(BlockUpload)), [receipt])
    connection.execute(insert(_table(Trial)), [{**row, "created_at": now} for row in trial_rows])
    sessions = _table(ParticipantSession)
    advanced = connection.execute(
        update(sessions)
        .where(sessions.c.id == session_id, sessions.c.blocks_done == index - 1)
        .values(blocks_done=index, updated_at=now)
    )
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
