"""Which sessions count: the one definition behind the dashboard, the HR exports and the
research API's scores (issue 14). Raw research rows (trials, answers) are not "counted": they
list every session of someone who took part and did not withdraw.
"""

from __future__ import annotations

from typing import TypeVarTuple

from sqlalchemy import ColumnElement, Select
from sqlalchemy.orm import InstrumentedAttribute

from app.db.models import Participant, ParticipantSession
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
    return (
        query.join(ParticipantSession, ParticipantSession.id == session_id)
        .join(Participant, Participant.id == ParticipantSession.participant_id)
        .where(counted_sessions(campaign_id))
    )
