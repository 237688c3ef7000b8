"""Queries on HR login sessions (the server side of the session cookie)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import HRLoginSession, HRUser
from app.db.revocation import revoke


def add_login_session(
    db: Session, user_id: int, nonce_hash: str, expires_at: datetime
) -> HRLoginSession:
    login = HRLoginSession(user_id=user_id, nonce_hash=nonce_hash, expires_at=expires_at)
    db.add(login)
    db.flush()
    return login


def get_live_session_user(
    db: Session, user_id: int, nonce_hash: str, now: datetime
) -> HRUser | None:
    """The active user of an unrevoked, unexpired login session, or None."""
    query = (
        select(HRUser)
        .join(HRLoginSession, HRLoginSession.user_id == HRUser.id)
        .where(
            HRLoginSession.nonce_hash == nonce_hash,
            HRLoginSession.user_id == user_id,
            HRLoginSession.revoked_at.is_(None),
            HRLoginSession.expires_at > now,
            HRUser.active.is_(True),
        )
    )
    return db.scalars(query).one_or_none()


def revoke_login_session(db: Session, nonce_hash: str, now: datetime) -> None:
    revoke(db, HRLoginSession, now, HRLoginSession.nonce_hash == nonce_hash)


def revoke_user_sessions(db: Session, user_id: int, now: datetime) -> None:
    revoke(db, HRLoginSession, now, HRLoginSession.user_id == user_id)
