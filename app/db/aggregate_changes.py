"""Which campaigns a flush changes the aggregates of (README "Aggregates").

Every ORM flush is watched: a session that changes state (a finish, a withdrawal, an erasure),
a score stored or replaced, a person added, moved to another team, withdrawn or deleted, a
campaign edited, closed or published, a campaign's teams or the organisation's team tree
changed. Each such flush inserts one ``AggregateChange`` row per campaign, in the same
transaction as the change (insert-only: it never waits for a refresh in progress), and lists
the campaigns in ``session.info[TOUCHED]`` for the refresh that runs after the commit.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from app.db.models import (
    AggregateChange,
    Campaign,
    CampaignTeam,
    Participant,
    ParticipantSession,
    Score,
    Team,
)

TOUCHED = "aggregates_touched"  # session.info key: campaign ids changed since the last commit
_PARTICIPANT_FIELDS = ("team_id", "withdrawn_at", "campaign_id", "via_open_link")
_SESSION_FIELDS = ("state", "iat_skipped", "withdrawn_at", "completed_at")


def _changed(obj: Any, fields: tuple[str, ...]) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in fields)


def _campaign_of_session(db: Session, participant_id: int | None) -> set[int]:
    participant = None if participant_id is None else db.get(Participant, participant_id)
    return set() if participant is None else {participant.campaign_id}


def _campaigns_of(db: Session, obj: Any, removed: bool) -> set[int]:
    if isinstance(obj, Participant):
        return {obj.campaign_id} if removed or _changed(obj, _PARTICIPANT_FIELDS) else set()
    if isinstance(obj, ParticipantSession):
        if removed or _changed(obj, _SESSION_FIELDS):
            return _campaign_of_session(db, obj.participant_id)
        return set()
    if isinstance(obj, Score):
        session = None if obj.session_id is None else db.get(ParticipantSession, obj.session_id)
        return set() if session is None else _campaign_of_session(db, session.participant_id)
    if isinstance(obj, Campaign):
        return {obj.id} if obj.id is not None and db.is_modified(obj) else set()
    if isinstance(obj, CampaignTeam):
        return set() if obj.campaign_id is None else {obj.campaign_id}
    if isinstance(obj, Team):
        query = select(Campaign.id).where(Campaign.organisation_id == obj.organisation_id)
        return set(db.scalars(query))
    return set()


@event.listens_for(Session, "before_flush")
def _record_changes(db: Session, _context: Any, _instances: Any) -> None:
    touched: set[int] = set()
    with db.no_autoflush:
        for obj in list(db.new) + list(db.dirty):
            touched |= _campaigns_of(db, obj, removed=False)
        for obj in list(db.deleted):
            touched |= _campaigns_of(db, obj, removed=True)
    touched -= {obj.id for obj in db.deleted if isinstance(obj, Campaign)}
    if touched:
        db.add_all(AggregateChange(campaign_id=c) for c in sorted(touched))
        db.info.setdefault(TOUCHED, set()).update(touched)


@event.listens_for(Session, "after_rollback")
def _forget_changes(db: Session) -> None:
    db.info.pop(TOUCHED, None)
