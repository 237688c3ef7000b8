"""Sign-in and sign-out of HR users, and resolving a session cookie back to its user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from app.db.base import utc_now
from app.db.models import HRUser
from app.domain import ActorKind
from app.errors import Unauthorized
from app.repositories import audit, hr_sessions, hr_users
from app.security import new_token, token_hash
from app.services.hr import throttle
from app.services.hr.passwords import verify_password

SESSION_LIFETIME = timedelta(hours=12)


@dataclass(frozen=True)
class LoginGrant:
    """A fresh login session: ``nonce`` goes into the signed cookie, never into the database."""

    user: HRUser
    nonce: str


def login(db: Session, email: str, password: str, client_ip: str) -> LoginGrant:
    """Check the password (throttled per e-mail and per IP) and open a login session.

    Raises TooManyRequests while throttled, Unauthorized for a wrong e-mail, password or a
    disabled account (one message for all three, so accounts cannot be enumerated).
    """
    now, subject = utc_now(), email.strip().lower()
    throttle.check(db, throttle.EMAIL_LIMIT, subject, now)
    throttle.check(db, throttle.IP_LIMIT, client_ip, now)
    user = hr_users.get_user_by_email(db, subject)
    password_ok = verify_password(user.password_hash if user else None, password)
    if user is None or not user.active or not password_ok:
        raise _count_failure(db, subject, client_ip)
    return _open_session(db, user, subject)


def _count_failure(db: Session, subject: str, client_ip: str) -> Unauthorized:
    """Commit the failure counters (the use case ends here) and give the error to raise."""
    now = utc_now()
    throttle.record_failure(db, throttle.EMAIL_LIMIT, subject, now)
    throttle.record_failure(db, throttle.IP_LIMIT, client_ip, now)
    db.commit()
    return Unauthorized("wrong e-mail or password, or the account is disabled")


def _open_session(db: Session, user: HRUser, subject: str) -> LoginGrant:
    now, nonce = utc_now(), new_token()
    throttle.clear(db, throttle.EMAIL_LIMIT, subject)
    hr_sessions.add_login_session(db, user.id, token_hash(nonce), now + SESSION_LIFETIME)
    user.last_login_at = now
    audit.record(
        db,
        organisation_id=user.organisation_id,
        actor_kind=ActorKind.HR_USER,
        actor_id=str(user.id),
        action="hr.login",
    )
    db.commit()
    return LoginGrant(user, nonce)


def logout(db: Session, nonce: str) -> None:
    hr_sessions.revoke_login_session(db, token_hash(nonce), utc_now())
    db.commit()


def resolve_session(db: Session, user_id: int, nonce: str) -> HRUser | None:
    """The active user behind a live login session, or None (expired, revoked, disabled)."""
    return hr_sessions.get_live_session_user(db, user_id, token_hash(nonce), utc_now())
