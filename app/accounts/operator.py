"""Account use cases of the server's operator (the ``iat admin`` command line).

The operator already holds the database; these commands spare them SQL for the two things
the web cannot do: create the first platform admin, and hand a new link to an account nobody
else may reset (a platform admin, or an organisation's only HR admin). Audited as ``system``.
"""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy.orm import Session

from app.accounts import manage as accounts
from app.accounts import repository as hr_users
from app.accounts import sessions_repository as hr_sessions
from app.accounts.schemas import HRUserCreate, HRUserCreated, ResetLinkRead
from app.audit import repository as audit
from app.db.base import utc_now
from app.domain import ActorKind, HRRole
from app.errors import Conflict, InvalidInput, NotFound


def _record(db: Session, action: str, organisation_id: int | None, user_id: int) -> None:
    audit.record(
        db,
        organisation_id=organisation_id,
        actor_kind=ActorKind.SYSTEM,
        actor_id="cli",
        action=action,
        target_kind="user",
        target_id=str(user_id),
    )


def create_platform_admin(db: Session, email: str, base_url: str) -> HRUserCreated:
    """A platform admin without a password, and the one-time link that sets it (72 h)."""
    try:
        body = HRUserCreate(email=email, role=HRRole.PLATFORM_ADMIN)
    except ValidationError as exc:
        raise InvalidInput(f"{email!r} is not an e-mail address") from exc
    created = accounts.add_account(db, body.email, body.role, None, base_url)
    _record(db, "account.create", None, created.user.id)
    db.commit()
    return created


def reset_link(db: Session, email: str, base_url: str) -> ResetLinkRead:
    """A new one-time link for any enabled account; its sessions and older links end now."""
    user = hr_users.get_user_by_email(db, email)
    if user is None:
        raise NotFound(f"no account with the e-mail {email.strip().lower()}")
    if not user.active:
        raise Conflict("this account is disabled: enable it before handing over a new link")
    hr_sessions.revoke_user_sessions(db, user.id, utc_now())
    link = accounts.issue_reset_link(db, user, base_url)
    _record(db, "account.reset", user.organisation_id, user.id)
    db.commit()
    return link
