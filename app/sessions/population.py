"""Which sessions count: the one definition behind the dashboard, the HR exports and the
research API's scores (issue 14). Raw research rows (trials, answers) are not "counted": they
list every session of someone who took part and did not withdraw.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement

from app.db.models import Participant, ParticipantSession
from app.domain import SessionState


def counted_sessions(campaign_id: int) -> ColumnElement[bool]:
    """A WHERE clause: sessions of ``campaign_id`` that are completed (DESIGN §2: the test and
    the questionnaire done or skipped) of participants who have not withdrawn. The query joins
    ``ParticipantSession`` to ``Participant``."""
    return (
        (Participant.campaign_id == campaign_id)
        & (ParticipantSession.state == SessionState.COMPLETED)
        & Participant.withdrawn_at.is_(None)
    )
