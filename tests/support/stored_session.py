"""What the database holds for one invitation token, for browser tests to check."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import BlockUpload, Invitation, ParticipantSession, Score, Trial
from app.security import token_hash


@dataclass(frozen=True)
class StoredSession:
    session: ParticipantSession
    trials: list[Trial]
    uploads: list[BlockUpload]
    scores: list[Score]

    def trials_of(self, block_index: int) -> list[Trial]:
        return [t for t in self.trials if t.block_index == block_index]


def stored_session(db: Session, token: str) -> StoredSession:
    invitation = db.scalars(
        select(Invitation).where(Invitation.token_hash == token_hash(token))
    ).one()
    session = db.scalars(
        select(ParticipantSession).where(
            ParticipantSession.participant_id == invitation.participant_id
        )
    ).one()
    trials = list(
        db.scalars(
            select(Trial)
            .where(Trial.session_id == session.id)
            .order_by(Trial.block_index, Trial.trial_index)
        )
    )
    uploads = list(db.scalars(select(BlockUpload).where(BlockUpload.session_id == session.id)))
    scores = list(db.scalars(select(Score).where(Score.session_id == session.id)))
    return StoredSession(session, trials, uploads, scores)


def assert_complete_test(stored: StoredSession) -> None:
    """Every planned block stored once, trial for trial, with both latencies and its design."""
    plan = stored.session.plan
    assert plan is not None
    assert sorted(u.block_index for u in stored.uploads) == list(range(1, len(plan.blocks) + 1))
    for block in plan.blocks:
        trials = stored.trials_of(block.index)
        assert [t.trial_index for t in trials] == [t.index for t in block.trials]
        assert [t.stimulus_id for t in trials] == [t.stimulus_id for t in block.trials]
        for trial in trials:
            assert trial.first_latency_ms > 0
            assert trial.latency_ms >= trial.first_latency_ms
            assert (trial.pairing, trial.stage) == (block.pairing, block.stage)
            assert trial.block_role == block.role
