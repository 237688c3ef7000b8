"""Queries on programmes: every read starts from ``readable_programmes(scope)``."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, false, select
from sqlalchemy.orm import Session

from app.campaigns.repository import readable_campaigns
from app.db.models import Campaign, Programme
from app.scope import Scope


def readable_programmes(scope: Scope) -> Select[Programme]:
    """Programmes of the scope's organisation (a manager's too: what they see of each wave is
    cut to their teams by the waves' own queries); none without an organisation."""
    if scope.organisation_id is None:
        return select(Programme).where(false())
    return select(Programme).where(Programme.organisation_id == scope.organisation_id)


def get_programme(db: Session, scope: Scope, programme_id: int) -> Programme | None:
    query = readable_programmes(scope).where(Programme.id == programme_id)
    return db.scalars(query).one_or_none()


def list_programmes(db: Session, scope: Scope) -> Sequence[Programme]:
    return db.scalars(readable_programmes(scope).order_by(Programme.name, Programme.id)).all()


def name_taken(db: Session, organisation_id: int, name: str) -> bool:
    query = select(Programme.id).where(
        Programme.organisation_id == organisation_id, Programme.name == name
    )
    return db.scalar(query) is not None


def add_programme(db: Session, programme: Programme) -> Programme:
    db.add(programme)
    db.flush()
    return programme


def waves(db: Session, scope: Scope, programme_ids: Sequence[int]) -> Sequence[Campaign]:
    """The campaigns of these programmes that ``scope`` may read, in wave order (opening
    date, then creation)."""
    query = readable_campaigns(scope).where(Campaign.programme_id.in_(programme_ids))
    order = (Campaign.opens_at.is_(None), Campaign.opens_at, Campaign.created_at, Campaign.id)
    return db.scalars(query.order_by(*order)).all()
