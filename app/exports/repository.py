"""Queries behind HR exports: completed participants, their scores, their trials."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, null, select
from sqlalchemy.orm import Session

from app.db.models import (
    Participant,
    ParticipantIdentity,
    ParticipantSession,
    Score,
    Team,
    Trial,
)
from app.domain import ScoreKind
from app.sessions.population import counted_sessions, of_counted_sessions, of_sessions

PersonRow = tuple[int, str, str, str, str | None, bool, str | None, str | None]
DScoreRow = tuple[
    int, str, float | None, str, dict[str, Any], str, int | None, int | None, dict[str, Any]
]


def completed_people(db: Session, campaign_id: int, with_identity: bool) -> Sequence[PersonRow]:
    """(session, pseudonym, team, language, input modality, IAT skipped, name, email) of every
    completed, non-withdrawn participant, by pseudonym (random: the order links to nothing).
    Name and email are NULL unless ``with_identity``."""
    identity = (
        (ParticipantIdentity.full_name, ParticipantIdentity.email)
        if with_identity
        else (null(), null())
    )
    query = (
        select(
            ParticipantSession.id,
            Participant.export_pseudonym,
            Team.name,
            ParticipantSession.language,
            ParticipantSession.input_modality,
            ParticipantSession.iat_skipped,
            *identity,
        )
        .join(Participant, Participant.id == ParticipantSession.participant_id)
        .join(Team, Team.id == Participant.team_id)
        .where(counted_sessions(campaign_id))
        .order_by(Participant.export_pseudonym)
    )
    if with_identity:
        query = query.outerjoin(
            ParticipantIdentity, ParticipantIdentity.participant_id == Participant.id
        )
    return db.connection().execute(query).all()


def completed_d_scores(db: Session, campaign_id: int) -> Sequence[DScoreRow]:
    """(session, variant, D, algorithm, options, version, kept, dropped, details) of the IAT
    scores of completed, non-withdrawn sessions, oldest first (Core rows: ~10 k at a time)."""
    query = select(
        Score.session_id,
        Score.name,
        Score.value,
        Score.algorithm,
        Score.options,
        Score.package_version,
        Score.trials_kept,
        Score.trials_dropped,
        Score.details,
    ).where(Score.kind == ScoreKind.IAT_D)
    query = of_counted_sessions(query, Score.session_id, campaign_id).order_by(Score.id)
    return db.connection().execute(query).all()


def _hr_trials(campaign_id: int, *columns: Any) -> Select[Any]:
    query = of_sessions(select(*columns), Trial.session_id)
    return query.where(Participant.campaign_id == campaign_id, Participant.withdrawn_at.is_(None))


def campaign_trials_query(campaign_id: int, cells: list[Any]) -> Select[Any]:
    """``cells`` (SQL expressions) of every trial of the campaign's non-withdrawn participants,
    by export pseudonym, block and trial."""
    order = (Participant.export_pseudonym, Trial.block_index, Trial.trial_index)
    return _hr_trials(campaign_id, *cells).order_by(*order)


def count_campaign_trials(db: Session, campaign_id: int) -> int:
    """How many rows ``campaign_trials_query`` selects."""
    return int(db.scalar(_hr_trials(campaign_id, func.count(Trial.id))) or 0)
