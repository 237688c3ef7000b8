"""Sessions of the caller's organisation, pseudonymised, with filters.

Only published rows are listed (``published``): a pseudonymous campaign's sessions once it has
closed, with the coarsened team and no per-person times. The filters select on what the rows
show, so a filter cannot find what a row does not say (a team or a time it leaves out).
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import groupby

from sqlalchemy.orm import Session

from app.campaigns.catalogue import audit_rows, rows_campaign
from app.db.models import Campaign, Participant, ParticipantSession
from app.domain import SessionState
from app.exports import research_repository as research_repo
from app.exports.published import coarsened, subject_teams
from app.exports.research_repository import SessionFilter
from app.exports.research_schemas import SessionPage, SessionSummary
from app.tokens.access import ResearchCaller

_TIMES = ("consented_at", "started_at", "completed_at")
Row = tuple[ParticipantSession, Participant, Campaign]


def _summary(
    session: ParticipantSession, participant: Participant, team: int | None, exact: bool
) -> SessionSummary:
    fields = {k: getattr(session, k) for k in SessionSummary.model_fields if hasattr(session, k)}
    if not exact:
        fields |= dict.fromkeys(_TIMES)
    return SessionSummary(
        subject=participant.export_pseudonym,
        campaign_id=participant.campaign_id,
        team_id=team,
        **fields,
    )


def _campaign_summaries(db: Session, campaign: Campaign, rows: list[Row]) -> list[SessionSummary]:
    subjects = [
        (p.export_pseudonym, p.team_id, s.state == SessionState.COMPLETED) for s, p, _ in rows
    ]
    teams = subject_teams(db, campaign, subjects)
    exact = not coarsened(campaign)
    return [_summary(s, p, teams[p.export_pseudonym], exact) for s, p, _ in rows]


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _matches(item: SessionSummary, where: SessionFilter) -> bool:
    started = item.started_at
    return not (
        (where.team_id is not None and item.team_id != where.team_id)
        or (where.state is not None and item.state != where.state)
        or (
            where.started_from is not None
            and (started is None or started < _utc(where.started_from))
        )
        or (where.started_to is not None and (started is None or started >= _utc(where.started_to)))
    )


def list_sessions(
    db: Session, caller: ResearchCaller, where: SessionFilter, limit: int, offset: int
) -> SessionPage:
    """One page of published sessions, by campaign then pseudonym. A campaign without
    individual results is refused when named (403), one not published yet too (409); others
    are skipped."""
    if where.campaign_id is not None:
        rows_campaign(db, caller, where.campaign_id)
    rows = research_repo.released_sessions(db, caller, where.campaign_id)
    summaries = [
        item
        for campaign, group in groupby(rows, key=lambda row: row[2])
        for item in _campaign_summaries(db, campaign, list(group))
    ]
    matching = [item for item in summaries if _matches(item, where)]
    items = matching[offset : offset + limit]
    audit_rows(db, caller, "research.sessions.read", where.campaign_id, len(items))
    db.commit()
    more = len(matching) > offset + limit
    return SessionPage(items=items, next_offset=offset + limit if more else None)
