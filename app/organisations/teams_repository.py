"""Team queries of the HR workspace, bound to one organisation."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Team


def list_teams(db: Session, organisation_id: int) -> Sequence[Team]:
    query = select(Team).where(Team.organisation_id == organisation_id).order_by(Team.name)
    return db.scalars(query).all()


def get_team(db: Session, organisation_id: int, team_id: int) -> Team | None:
    query = select(Team).where(Team.id == team_id, Team.organisation_id == organisation_id)
    return db.scalars(query).one_or_none()


def count_org_teams(db: Session, organisation_id: int, team_ids: Sequence[int]) -> int:
    """How many of ``team_ids`` belong to the organisation (to refuse foreign ids)."""
    query = select(Team.id).where(Team.organisation_id == organisation_id, Team.id.in_(team_ids))
    return len(db.scalars(query).all())
