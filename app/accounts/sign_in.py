"""Sign-in and sign-out of HR users, and resolving a session cookie back to its user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from app.accounts import repository as hr_users
from app.accounts import sessions_repository as hr_sessions
from app.accounts import throttle
from app.accounts.passwords import verify_password
from app.audit import repository as audit
from app.db.base import utc_now
from app.db.models import HRUser
from app.domain import ActorKind
from app.errors import TooManyRequests, Unauthorized
from app.i18n import N_
from app.security import new_token, token_hash

SESSION_LIFETIME = timedelta(hours=12)


@dataclass(frozen=True)
class DeviceClaim:
    """What a verified device cookie says: the account it signed in, and the device's id."""

    user_id: int
    device_id: str


@dataclass(frozen=True)
class LoginGrant:
    """A fresh login session: ``nonce`` goes into the signed cookie, never into the database;
    ``device_id`` goes into the long-lived device cookie (kept when the device was known)."""

    user: HRUser
    nonce: str
    device_id: str


def login(
    db: Session, email: str, password: str, client_ip: str, device: DeviceClaim | None = None
) -> LoginGrant:
    """Check the password (throttled, see ``throttle``) and open a login session.

    Raises TooManyRequests while throttled, Unauthorized for a wrong e-mail, password or a
    disabled account (one message for all three, so accounts cannot be enumerated).
    """
    subject = email.strip().lower()
    user = hr_users.get_user_by_email(db, subject)
    known = _known_device(user, device)
    try:
        _count_attempt(db, subject, client_ip, known)
    except TooManyRequests:
        db.rollback()  # a refused attempt counts nothing and holds no lock
        raise
    db.commit()  # counted before the slow check: concurrent guesses see each other's counts
    password_ok = verify_password(user.password_hash if user else None, password)
    if user is None or not user.active or not password_ok:
        raise Unauthorized(N_("wrong e-mail or password, or the account is disabled"))
    return _open_session(db, user, subject, client_ip, known)


def _known_device(user: HRUser | None, device: DeviceClaim | None) -> DeviceClaim | None:
    """The device cookie counts only for the account it was issued to."""
    return device if user is not None and device is not None and device.user_id == user.id else None


def _count_attempt(db: Session, subject: str, client_ip: str, known: DeviceClaim | None) -> None:
    now = utc_now()
    if known is not None:
        throttle.count_attempt(db, throttle.DEVICE_LIMIT, _device_key(known), now)
        return
    throttle.count_attempt(db, throttle.ACCOUNT_LIMIT, subject, now)
    throttle.count_attempt(db, throttle.ADDRESS_LIMIT, client_ip, now)


def _device_key(device: DeviceClaim) -> str:
    return f"{device.user_id}:{token_hash(device.device_id)}"


def _settle_attempt(db: Session, subject: str, client_ip: str, known: DeviceClaim | None) -> None:
    """A success: the known device's counter, or the account's, restarts; the address gets its
    attempt back (others' failures there still count)."""
    if known is not None:
        throttle.clear(db, throttle.DEVICE_LIMIT, _device_key(known))
        return
    throttle.clear(db, throttle.ACCOUNT_LIMIT, subject)
    throttle.give_back(db, throttle.ADDRESS_LIMIT, client_ip)


def _open_session(
    db: Session, user: HRUser, subject: str, client_ip: str, known: DeviceClaim | None
) -> LoginGrant:
    now, nonce = utc_now(), new_token()
    _settle_attempt(db, subject, client_ip, known)
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
    return LoginGrant(user, nonce, known.device_id if known else new_token())


def logout(db: Session, nonce: str) -> None:
    hr_sessions.revoke_login_session(db, token_hash(nonce), utc_now())
    db.commit()


def resolve_session(db: Session, user_id: int, nonce: str) -> HRUser | None:
    """The active user behind a live login session, or None (expired, revoked, disabled)."""
    return hr_sessions.get_live_session_user(db, user_id, token_hash(nonce), utc_now())
