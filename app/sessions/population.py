"""Which sessions count: the one definition behind the dashboard, the HR exports and the
research API's scores (issue 14). Raw research rows (trials, answers) are not "counted": they
list every session of someone who took part and did not withdraw.
"""

from __future__ import annotations

from typing import Any, TypeVarTuple

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import InstrumentedAttribute

from app.db.models import Participant, ParticipantSession, Trial
from app.domain import SessionState

Columns = TypeVarTuple("Columns")


def counted_sessions(campaign_id: int) -> ColumnElement[bool]:
    """A WHERE clause: sessions of ``campaign_id`` that are completed (DESIGN §2: the test and
    the questionnaire done or skipped) of participants who have not withdrawn. The query joins
    ``ParticipantSession`` to ``Participant``."""
    return (
        (Participant.campaign_id == campaign_id)
        & (ParticipantSession.state == SessionState.COMPLETED)
        & Participant.withdrawn_at.is_(None)
    )


def of_counted_sessions(
    query: Select[*Columns], session_id: InstrumentedAttribute[int], campaign_id: int
) -> Select[*Columns]:
    """``query`` (rows with a session id column ``session_id``) joined to the session and its
    participant and restricted to the sessions that count."""
    return of_sessions(query, session_id).where(counted_sessions(campaign_id))


def of_sessions(
    query: Select[*Columns], session_id: InstrumentedAttribute[int]
) -> Select[*Columns]:
    """``query`` (rows with a session id column ``session_id``) joined to the session and its
    participant, for a WHERE on either."""
    return query.join(ParticipantSession, ParticipantSession.id == session_id).join(
        Participant, Participant.id == ParticipantSession.participant_id
    )


# What scoring reads of a trial of the combined blocks (scoring.dscore's inputs).
SCORED_TRIAL_COLUMNS = (
    Trial.pairing,
    Trial.stage,
    Trial.latency_ms,
    Trial.error,
    Trial.first_latency_ms,
)


def counted_critical_trials(campaign_id: int, *keys: Any) -> Select[Any]:
    """``keys`` then ``SCORED_TRIAL_COLUMNS`` of the combined blocks' trials (pairing and stage
    set) of the sessions that count, by session then in presentation order (the odd/even
    split of the reliability depends on it). The dashboard and the research API score these."""
    query = select(*keys, *SCORED_TRIAL_COLUMNS).where(
        Trial.pairing.is_not(None), Trial.stage.is_not(None)
    )
    order = (Trial.session_id, Trial.block_index, Trial.trial_index)
    return of_counted_sessions(query, Trial.session_id, campaign_id).order_by(*order)
