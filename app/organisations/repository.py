"""Queries on organisations and teams."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Organisation, Team


def get_organisation_by_name(db: Session, name: str) -> Organisation | None:
    return db.scalars(select(Organisation).where(Organisation.name == name)).one_or_none()


def add_organisation(db: Session, name: str) -> Organisation:
    organisation = Organisation(name=name)
    db.add(organisation)
    db.flush()
    return organisation


def get_team_by_name(db: Session, organisation_id: int, name: str) -> Team | None:
    query = select(Team).where(Team.organisation_id == organisation_id, Team.name == name)
    return db.scalars(query).one_or_none()


def add_team(db: Session, organisation_id: int, name: str, parent_id: int | None = None) -> Team:
    team = Team(organisation_id=organisation_id, name=name, parent_id=parent_id)
    db.add(team)
    db.flush()
    return team
