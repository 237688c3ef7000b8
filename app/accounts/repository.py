"""Queries on HR accounts and manager team assignments, always bound to an organisation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from app.db.models import HRUser, ManagerTeam, Organisation, PasswordReset, Team
from app.db.revocation import revoke


def get_user_by_email(db: Session, email: str) -> HRUser | None:
    query = select(HRUser).where(func.lower(HRUser.email) == email.strip().lower())
    return db.scalars(query).one_or_none()


def get_user(db: Session, user_id: int) -> HRUser | None:
    return db.get(HRUser, user_id)


def get_org_user(db: Session, organisation_id: int, user_id: int) -> HRUser | None:
    """The user ``user_id`` if it belongs to ``organisation_id`` (else None: a 404)."""
    query = select(HRUser).where(HRUser.id == user_id, HRUser.organisation_id == organisation_id)
    return db.scalars(query).one_or_none()


def list_org_users(db: Session, organisation_id: int) -> Sequence[HRUser]:
    query = select(HRUser).where(HRUser.organisation_id == organisation_id).order_by(HRUser.email)
    return db.scalars(query).all()


def list_all_users(db: Session) -> Sequence[HRUser]:
    return db.scalars(select(HRUser).order_by(HRUser.organisation_id, HRUser.email)).all()


def add_user(db: Session, user: HRUser) -> HRUser:
    db.add(user)
    db.flush()
    return user


def manager_team_ids(db: Session, user_id: int) -> list[int]:
    query = select(ManagerTeam.team_id).where(ManagerTeam.user_id == user_id)
    return list(db.scalars(query).all())


def team_tree(db: Session, organisation_id: int) -> list[tuple[int, int | None]]:
    """(team id, parent id) for every team of the organisation."""
    query = select(Team.id, Team.parent_id).where(Team.organisation_id == organisation_id)
    return [(row.id, row.parent_id) for row in db.execute(query)]


def set_manager_teams(db: Session, user_id: int, team_ids: Sequence[int]) -> None:
    db.execute(delete(ManagerTeam).where(ManagerTeam.user_id == user_id))
    db.add_all(ManagerTeam(user_id=user_id, team_id=team_id) for team_id in set(team_ids))
    db.flush()


def add_password_reset(db: Session, reset: PasswordReset) -> PasswordReset:
    db.add(reset)
    db.flush()
    return reset


def get_password_reset(db: Session, token_hash: str) -> PasswordReset | None:
    query = select(PasswordReset).where(PasswordReset.token_hash == token_hash)
    return db.scalars(query).one_or_none()


def revoke_open_resets(db: Session, user_id: int, now: datetime) -> None:
    """Revoke every unused link of ``user_id`` (a newer one is minted, or the account goes)."""
    where = (PasswordReset.user_id == user_id, PasswordReset.used_at.is_(None))
    revoke(db, PasswordReset, now, *where)


def claim_password_reset(db: Session, token_hash: str, now: datetime) -> int | None:
    """Mark a usable link used, in one statement (two concurrent uses: one wins); its user id."""
    statement = (
        update(PasswordReset)
        .where(
            PasswordReset.token_hash == token_hash,
            PasswordReset.used_at.is_(None),
            PasswordReset.revoked_at.is_(None),
            PasswordReset.expires_at > now,
        )
        .values(used_at=now)
        .returning(PasswordReset.user_id)
    )
    user_id = db.execute(statement).scalar_one_or_none()
    return None if user_id is None else int(user_id)


def organisation_in_use(db: Session, organisation_id: int) -> bool:
    """Whether some account of the organisation has set a password or signed in."""
    taken_over = or_(HRUser.password_hash != "", HRUser.last_login_at.is_not(None))
    query = select(HRUser.id).where(HRUser.organisation_id == organisation_id, taken_over)
    return db.scalars(query.limit(1)).first() is not None


def has_role(db: Session, organisation_id: int, role: str) -> bool:
    """Whether the organisation has an account (enabled or not) with ``role``."""
    query = select(HRUser.id).where(HRUser.organisation_id == organisation_id, HRUser.role == role)
    return db.scalars(query.limit(1)).first() is not None


def list_organisations(db: Session) -> Sequence[Organisation]:
    return db.scalars(select(Organisation).order_by(Organisation.name)).all()


def get_organisation(db: Session, organisation_id: int) -> Organisation | None:
    return db.get(Organisation, organisation_id)
