"""Queries on invitations → participants → sessions, trials and block receipts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

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


def add_block(db: Session, receipt: BlockUpload, trial_rows: list[dict[str, Any]]) -> None:
    """Insert the receipt and all the block's trials (one executemany)."""
    db.add(receipt)
    db.flush()
    db.execute(insert(Trial), trial_rows)


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
