"""Read queries of the research API. The organisation-wide one starts from the participants the
token may read (``participants.repository.readable_participants``); the others are bound to a
campaign already read through ``campaigns.repository.readable_campaigns``, whose people a token
reaches whole (it reaches every team). Withdrawn participants are never returned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, defer

from app.db.models import (
    Campaign,
    Participant,
    ParticipantSession,
    QuestionnaireAnswer,
    QuestionnaireBank,
    Score,
    Study,
    Trial,
)
from app.domain import CampaignState, IndividualResults, ScoreKind, SessionState
from app.participants.repository import readable_participants
from app.scope import Scope
from app.sessions.population import counted_critical_trials, counted_sessions, of_sessions


@dataclass(frozen=True)
class SessionFilter:
    campaign_id: int | None = None
    team_id: int | None = None
    state: SessionState | None = None
    started_from: datetime | None = None
    started_to: datetime | None = None


CLOSED_STATES = (CampaignState.CLOSED, CampaignState.ARCHIVED)
# Sessions of people who agreed to take part. A declined or merely opened session is nobody's
# research data, and listed per team beside HR's roster it would tell who refused.
TOOK_PART = (SessionState.CONSENTED, SessionState.IN_PROGRESS, SessionState.COMPLETED)


def _live(query: Select) -> Select:  # type: ignore[type-arg]
    return query.where(
        Participant.withdrawn_at.is_(None), ParticipantSession.state != SessionState.WITHDRAWN
    )


def organisation_studies(db: Session, organisation_id: int) -> list[Study]:
    """The study versions the organisation's campaigns use and every version of its own
    studies (drafts included)."""
    used = select(Campaign.study_id).where(Campaign.organisation_id == organisation_id)
    mine = or_(Study.id.in_(used), Study.organisation_id == organisation_id)
    return list(db.scalars(select(Study).where(mine).order_by(Study.id)))


def _took_part(query: Select) -> Select:  # type: ignore[type-arg]
    return _live(query.where(ParticipantSession.state.in_(TOOK_PART)))


def released_sessions(
    db: Session, scope: Scope, campaign_id: int | None
) -> list[tuple[ParticipantSession, Participant, Campaign]]:
    """Sessions of the people ``scope`` may read who took part, in the campaigns whose rows
    are published (a ``named`` one, or a ``pseudonymous`` one that has closed), by campaign
    then pseudonym (never by creation order: that is the order in which people began)."""
    query = _took_part(
        readable_participants(scope)
        .add_columns(ParticipantSession, Campaign)
        .join(ParticipantSession, ParticipantSession.participant_id == Participant.id)
        .join(Campaign, Campaign.id == Participant.campaign_id)
        .where(
            or_(
                Campaign.individual_results == IndividualResults.NAMED,
                and_(
                    Campaign.individual_results == IndividualResults.PSEUDONYMOUS,
                    Campaign.state.in_(CLOSED_STATES),
                ),
            ),
        )
    )
    if campaign_id is not None:
        query = query.where(Campaign.id == campaign_id)
    # The stored plan (≈ 46 kB a session) and its block keys are not listed: never read them.
    query = query.options(defer(ParticipantSession.plan), defer(ParticipantSession.block_keys))
    rows = db.execute(query.order_by(Campaign.id, Participant.export_pseudonym))
    return [(row[1], row[0], row[2]) for row in rows]


def released_subjects(db: Session, campaign_id: int) -> list[tuple[str, int, bool]]:
    """(pseudonym, team, finished) of everyone who took part in the campaign."""
    query = _took_part(
        select(
            Participant.export_pseudonym,
            Participant.team_id,
            ParticipantSession.state == SessionState.COMPLETED,
        )
        .join(Participant, Participant.id == ParticipantSession.participant_id)
        .where(Participant.campaign_id == campaign_id)
    )
    rows = db.execute(query.order_by(Participant.export_pseudonym))
    return [(str(row[0]), int(row[1]), bool(row[2])) for row in rows]


def _campaign_trials(campaign_id: int, *columns: Any) -> Select:  # type: ignore[type-arg]
    query = of_sessions(select(*columns), Trial.session_id)
    return _live(query.where(Participant.campaign_id == campaign_id))


def max_trial_id(db: Session, campaign_id: int) -> int:
    """The highest trial id of the campaign now (0 when it has none): a walk's high-water mark."""
    query = of_sessions(select(func.max(Trial.id)), Trial.session_id)
    return int(db.scalar(query.where(Participant.campaign_id == campaign_id)) or 0)


def trials_page_query(campaign_id: int, after_id: int, up_to_id: int, cells: list[Any]) -> Select:  # type: ignore[type-arg]
    """``cells`` (SQL expressions) of the trials with ``after_id < id <= up_to_id``, by id
    (keyset pagination; no limit)."""
    query = _campaign_trials(campaign_id, *cells)
    return query.where(Trial.id > after_id, Trial.id <= up_to_id).order_by(Trial.id)


def scoring_rows(
    db: Session, campaign_id: int
) -> list[tuple[str, int, str, str, float, bool, float]]:
    """Critical trials of the sessions that count (as on the dashboard): pseudonym, team, pairing,
    stage, latency, error, first latency; by session, then presentation order."""
    keys = (Participant.export_pseudonym, Participant.team_id)
    query = _live(counted_critical_trials(campaign_id, *keys))
    return [tuple(row) for row in db.execute(query)]


def typed_scoring_rows(db: Session, campaign_id: int) -> list[tuple[Any, ...]]:
    """As :func:`scoring_rows` with the block and trial numbers after the team (the Brief IAT
    drops each block's first trials and pairs its blocks): pseudonym, team, block, trial,
    pairing, stage, latency, error, first latency."""
    keys = (
        Participant.export_pseudonym,
        Participant.team_id,
        Trial.block_index,
        Trial.trial_index,
    )
    query = _live(counted_critical_trials(campaign_id, *keys))
    return [tuple(row) for row in db.execute(query)]


def scoring_query(campaign_id: int, *cells: Any) -> Select:  # type: ignore[type-arg]
    """``cells`` of the critical trials that ``scoring_rows`` reads, in its order."""
    return _live(counted_critical_trials(campaign_id).with_only_columns(*cells))


def counted_subjects(db: Session, campaign_id: int) -> dict[int, str]:
    """Session id -> export pseudonym of the sessions that count."""
    query = _live(
        select(ParticipantSession.id, Participant.export_pseudonym)
        .join(Participant, Participant.id == ParticipantSession.participant_id)
        .where(counted_sessions(campaign_id))
    )
    return {int(row[0]): str(row[1]) for row in db.execute(query)}


def answers_page(
    db: Session, campaign_id: int, limit: int, offset: int
) -> list[tuple[QuestionnaireAnswer, str]]:
    query = _live(
        select(QuestionnaireAnswer, Participant.export_pseudonym)
        .join(ParticipantSession, ParticipantSession.id == QuestionnaireAnswer.session_id)
        .join(Participant, Participant.id == ParticipantSession.participant_id)
        .where(Participant.campaign_id == campaign_id)
    )
    order = (Participant.export_pseudonym, QuestionnaireAnswer.id)  # not the order people answered
    rows = db.execute(query.order_by(*order).limit(limit).offset(offset))
    return [(row[0], row[1]) for row in rows]


def subscale_scores(db: Session, campaign_id: int) -> list[tuple[Score, str, int]]:
    query = _live(
        select(Score, Participant.export_pseudonym, Participant.team_id)
        .join(ParticipantSession, ParticipantSession.id == Score.session_id)
        .join(Participant, Participant.id == ParticipantSession.participant_id)
        .where(
            Participant.campaign_id == campaign_id,
            Score.kind == ScoreKind.QUESTIONNAIRE_SUBSCALE,
        )
    )
    rows = db.execute(query.order_by(Participant.export_pseudonym, Score.name))
    return [(row[0], row[1], row[2]) for row in rows]


def get_study(db: Session, study_id: int) -> Study | None:
    return db.get(Study, study_id)


def get_questionnaire_bank(db: Session, bank_id: int) -> QuestionnaireBank | None:
    return db.get(QuestionnaireBank, bank_id)
