"""Queries behind the HR dashboard: one campaign's teams, progress, scores and answers.

Every function returns plain typed rows, one query each, for the whole campaign; the service
groups and suppresses them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from app.db.models import (
    Invitation,
    OutboxMessage,
    Participant,
    ParticipantSession,
    QuestionnaireAnswer,
    QuestionnaireBank,
    Score,
    SessionHalves,
    Team,
    Trial,
)
from app.domain import MailKind, ScoreKind, SessionState
from app.sessions.population import (
    counted_critical_trials,
    counted_sessions,
    of_counted_sessions,
)


def get_questionnaire_bank(db: Session, bank_id: int) -> QuestionnaireBank | None:
    return db.get(QuestionnaireBank, bank_id)


def organisation_teams(db: Session, organisation_id: int) -> Sequence[tuple[int, str, int | None]]:
    """(id, name, parent id) of every team of the organisation, by name."""
    query = (
        select(Team.id, Team.name, Team.parent_id)
        .where(Team.organisation_id == organisation_id)
        .order_by(Team.name)
    )
    return db.connection().execute(query).all()


def participant_states(
    db: Session, campaign_id: int
) -> Sequence[tuple[int, str | None, bool, bool]]:
    """(team id, session state or None when not started, withdrawn, came through an open link)
    per participant."""
    query = (
        select(
            Participant.team_id,
            ParticipantSession.state,
            Participant.withdrawn_at.is_not(None),
            Participant.via_open_link,
        )
        .outerjoin(ParticipantSession, ParticipantSession.participant_id == Participant.id)
        .where(Participant.campaign_id == campaign_id)
    )
    return db.connection().execute(query).all()


def completed_sessions(db: Session, campaign_id: int) -> Sequence[tuple[int, int, bool, bool]]:
    """(session id, team id, IAT skipped, came through an open link) of every counted session."""
    query = (
        select(
            ParticipantSession.id,
            Participant.team_id,
            ParticipantSession.iat_skipped,
            Participant.via_open_link,
        )
        .join(Participant, Participant.id == ParticipantSession.participant_id)
        .where(counted_sessions(campaign_id))
        .order_by(ParticipantSession.id)
    )
    return db.connection().execute(query).all()


def iat_scores(
    db: Session, campaign_id: int
) -> Sequence[tuple[int, float | None, dict[str, Any], dict[str, Any]]]:
    """(session id, D, details, options) of completed sessions, first stored score first."""
    query = (
        select(Score.session_id, Score.value, Score.details, Score.options)
        .join(ParticipantSession, ParticipantSession.id == Score.session_id)
        .join(Participant, Participant.id == ParticipantSession.participant_id)
        .where(counted_sessions(campaign_id), Score.kind == ScoreKind.IAT_D)
        .order_by(Score.session_id, Score.id)
    )
    return db.connection().execute(query).all()


def subscale_scores(db: Session, campaign_id: int) -> Sequence[tuple[int, str, float | None]]:
    """(session id, subscale, score) of completed sessions."""
    selected = select(Score.session_id, Score.name, Score.value)
    query = of_counted_sessions(selected, Score.session_id, campaign_id)
    query = query.where(Score.kind == ScoreKind.QUESTIONNAIRE_SUBSCALE)
    return db.connection().execute(query).all()


def item_answers(db: Session, campaign_id: int) -> Sequence[tuple[int, str, int | None]]:
    """(session id, item id, answer or None for "don't know") of completed sessions."""
    answer = QuestionnaireAnswer
    selected = select(answer.session_id, answer.item_id, answer.value)
    query = of_counted_sessions(selected, answer.session_id, campaign_id)
    return db.connection().execute(query).all()


def critical_trials(
    db: Session, campaign_id: int, session_ids: list[int] | None = None
) -> Sequence[tuple[int, str | None, str | None, float, bool, float]]:
    """(session, pairing, stage, latency, error, first latency) of the combined blocks of the
    completed sessions (of ``session_ids`` when given), in presentation order (the odd/even
    split depends on it)."""
    query = counted_critical_trials(campaign_id, Trial.session_id)
    if session_ids is not None:
        query = query.where(Trial.session_id.in_(session_ids))
    return db.connection().execute(query).all()


def trial_numbers(db: Session, campaign_id: int) -> Sequence[tuple[int, int]]:
    """(block, trial number) of each row of :func:`critical_trials`, in the same order (the
    Brief IAT drops each block's first trials and pairs its blocks)."""
    query = counted_critical_trials(campaign_id, Trial.block_index, Trial.trial_index)
    return [(row[0], row[1]) for row in db.connection().execute(query)]


def stored_halves(db: Session, campaign_id: int) -> dict[int, tuple[float | None, float | None]]:
    """The stored odd/even half D of the counted sessions of the campaign."""
    selected = select(SessionHalves.session_id, SessionHalves.d_odd, SessionHalves.d_even)
    query = of_counted_sessions(selected, SessionHalves.session_id, campaign_id)
    return {s: (odd, even) for s, odd, even in db.connection().execute(query)}


def add_halves(db: Session, halves: dict[int, tuple[float | None, float | None]]) -> None:
    """Store newly computed half Ds (a concurrent refresh may have stored some: kept)."""
    known = set(
        db.scalars(
            select(SessionHalves.session_id).where(SessionHalves.session_id.in_(list(halves)))
        )
    )
    db.add_all(
        SessionHalves(session_id=s, d_odd=odd, d_even=even)
        for s, (odd, even) in halves.items()
        if s not in known
    )


def participation_times(
    db: Session, campaign_id: int
) -> Sequence[tuple[int, datetime | None, datetime | None, datetime | None, datetime | None]]:
    """(team id, first personal link minted, first invitation e-mail queued, agreed to take
    part, finished: completed and not withdrawn) per participant; None when it did not happen."""
    first_link = (
        select(func.min(Invitation.created_at))
        .where(Invitation.participant_id == Participant.id)
        .scalar_subquery()
    )
    first_email = (
        select(func.min(OutboxMessage.created_at))
        .where(
            OutboxMessage.participant_id == Participant.id,
            OutboxMessage.kind == MailKind.INVITATION,
        )
        .scalar_subquery()
    )
    finished = case(
        (
            and_(
                ParticipantSession.state == SessionState.COMPLETED,
                Participant.withdrawn_at.is_(None),
            ),
            ParticipantSession.completed_at,
        ),
        else_=None,
    )
    query = (
        select(
            Participant.team_id, first_link, first_email, ParticipantSession.consented_at, finished
        )
        .outerjoin(ParticipantSession, ParticipantSession.participant_id == Participant.id)
        .where(Participant.campaign_id == campaign_id)
    )
    return db.execute(query).tuples().all()
