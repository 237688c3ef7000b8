"""Team queries of the HR workspace and the research API.

Every read of a team starts from ``readable_teams(scope)``: the one statement of which teams a
caller may see (HR admin and research token: their organisation's; manager: theirs and the
teams below them, already unfolded in ``scope.team_ids``; see ``app.scope``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Select, false, select
from sqlalchemy.orm import Session

from app.db.models import Team
from app.scope import Scope


def readable_teams(scope: Scope) -> Select[Team]:
    """Teams of the scope's organisation; for a manager, only theirs (and those below them);
    none for a caller without an organisation (a 404 upstream, never a 403)."""
    if scope.organisation_id is None:
        return select(Team).where(false())
    query = select(Team).where(Team.organisation_id == scope.organisation_id)
    if scope.team_ids is not None:
        query = query.where(Team.id.in_(scope.team_ids))
    return query


def list_teams(db: Session, scope: Scope) -> Sequence[Team]:
    """The teams ``scope`` may read, by name."""
    return db.scalars(readable_teams(scope).order_by(Team.name)).all()


def get_team(db: Session, scope: Scope, team_id: int) -> Team | None:
    """The team if ``scope`` may read it, else None."""
    return db.scalars(readable_teams(scope).where(Team.id == team_id)).one_or_none()


def readable_team_ids(db: Session, scope: Scope, team_ids: Iterable[int]) -> set[int]:
    """Which of ``team_ids`` ``scope`` may read (to refuse the others)."""
    query = readable_teams(scope).where(Team.id.in_(set(team_ids))).with_only_columns(Team.id)
    return set(db.scalars(query))
