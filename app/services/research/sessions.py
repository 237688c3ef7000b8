"""Sessions of the caller's organisation, pseudonymised, with filters."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.db.models import Participant, ParticipantSession
from app.repositories import research as research_repo
from app.repositories.research import SessionFilter
from app.schemas.research import SessionPage, SessionSummary
from app.services.research.access import ResearchCaller
from app.services.research.catalogue import audit_rows, rows_campaign


def _summary(session: ParticipantSession, participant: Participant) -> SessionSummary:
    return SessionSummary(
        subject=participant.export_pseudonym,
        campaign_id=participant.campaign_id,
        team_id=participant.team_id,
        **{k: getattr(session, k) for k in SessionSummary.model_fields if hasattr(session, k)},
    )


def list_sessions(
    db: Session, caller: ResearchCaller, where: SessionFilter, limit: int, offset: int
) -> SessionPage:
    """One page of sessions (by creation order); campaigns without individual results are
    refused when named, and skipped otherwise."""
    if where.campaign_id is not None:
        rows_campaign(db, caller, where.campaign_id)
    rows = research_repo.list_sessions(db, caller.organisation_id, where, limit + 1, offset)
    items = [_summary(s, p) for s, p in rows[:limit]]
    audit_rows(db, caller, "research.sessions.read", where.campaign_id, len(items))
    db.commit()
    return SessionPage(items=items, next_offset=offset + limit if len(rows) > limit else None)
