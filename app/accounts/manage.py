"""Accounts: organisations (platform admin), HR users, manager teams, password-reset links.

Platform admins manage accounts without being able to become them: they create organisations,
platform admins and an organisation's *first* HR admin, disable and enable accounts, and mint
a set-up link only for an account its owner has not taken over yet (no password set, never
signed in). HR admins manage the accounts of their own organisation (HR admins and managers),
reset links included. A user of another organisation is a 404, whatever the id. Every action
is audited in the account's organisation, with its actor.

A new link revokes the account's older ones and ends its open sessions at once (the owner
notices); a disabled account's links are revoked and no link sets its password.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.accounts import repository as hr_users
from app.accounts import sessions_repository as hr_sessions
from app.accounts.passwords import check_password_strength, hash_password
from app.accounts.schemas import (
    HRUserCreate,
    HRUserCreated,
    HRUserDetail,
    HRUserRead,
    HRUserUpdate,
    ResetLinkRead,
)
from app.accounts.scope import HRScope
from app.audit.log import record_hr
from app.db.base import utc_now
from app.db.models import HRUser, PasswordReset
from app.domain import HRRole
from app.errors import Conflict, Forbidden, Gone, InvalidInput, NotFound
from app.i18n import N_
from app.organisations import repository as org_repo
from app.organisations import teams_repository as hr_teams
from app.organisations.schemas import OrganisationCreate, OrganisationRead
from app.scope import Scope
from app.security import new_token, token_hash
from app.times import as_utc

RESET_LINK_LIFETIME = timedelta(hours=72)


def reset_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/hr/reset/{token}"


def create_organisation(db: Session, actor: HRUser, body: OrganisationCreate) -> OrganisationRead:
    name = body.name.strip()
    if org_repo.get_organisation_by_name(db, name) is not None:
        raise Conflict(N_("an organisation named '{name}' already exists"), name=name)
    organisation = org_repo.add_organisation(db, name)
    record_hr(db, actor, "organisation.create", organisation_id=organisation.id)
    db.commit()
    return OrganisationRead.model_validate(organisation)


def list_organisations(db: Session) -> list[OrganisationRead]:
    return [OrganisationRead.model_validate(o) for o in hr_users.list_organisations(db)]


def list_users(db: Session, scope: HRScope) -> list[HRUserDetail]:
    if scope.organisation_id is None:
        users = hr_users.list_all_users(db)
    else:
        users = hr_users.list_org_users(db, scope.organisation_id)
    return [_detail(db, user) for user in users]


def _detail(db: Session, user: HRUser) -> HRUserDetail:
    team_ids = sorted(hr_users.manager_team_ids(db, user.id))
    return HRUserDetail.model_validate(user).model_copy(update={"team_ids": team_ids})


def get_user(db: Session, scope: HRScope, user_id: int) -> HRUserDetail:
    return _detail(db, _managed_user(db, scope, user_id))


def _managed_user(db: Session, scope: HRScope, user_id: int) -> HRUser:
    if scope.organisation_id is None:
        user = hr_users.get_user(db, user_id)
    else:
        user = hr_users.get_org_user(db, scope.organisation_id, user_id)
    if user is None:
        raise NotFound(N_("no user {user_id}"), user_id=user_id)
    return user


def _target_organisation(db: Session, scope: HRScope, body: HRUserCreate) -> int | None:
    if scope.organisation_id is not None:
        if body.role is HRRole.PLATFORM_ADMIN:
            raise Forbidden(N_("only platform administrators create platform administrators"))
        if body.organisation_id not in (None, scope.organisation_id):
            raise NotFound(
                N_("no organisation {organisation_id}"), organisation_id=body.organisation_id
            )
        return scope.organisation_id
    return _platform_admin_target(db, body)


def _platform_admin_target(db: Session, body: HRUserCreate) -> int | None:
    if body.role is HRRole.PLATFORM_ADMIN:
        return None
    if body.organisation_id is None or hr_users.get_organisation(db, body.organisation_id) is None:
        raise InvalidInput(N_("organisation_id: choose an existing organisation for this account"))
    if body.role is not HRRole.HR_ADMIN or hr_users.has_role(
        db, body.organisation_id, HRRole.HR_ADMIN
    ):
        raise Forbidden(
            N_(
                "platform administrators create only an organisation's first HR administrator; "
                "its HR administrators create the other accounts"
            )
        )
    return body.organisation_id


def create_user(
    db: Session, actor: HRUser, scope: HRScope, body: HRUserCreate, base_url: str
) -> HRUserCreated:
    """Create an account without a usable password and hand back its one-time set-up link."""
    organisation_id = _target_organisation(db, scope, body)
    created = add_account(db, body.email, body.role, organisation_id, base_url)
    record_hr(
        db,
        actor,
        "account.create",
        organisation_id=organisation_id,
        target=("user", created.user.id),
    )
    db.commit()
    return created


def add_account(
    db: Session, email: str, role: HRRole, organisation_id: int | None, base_url: str
) -> HRUserCreated:
    """A new account without a usable password, and its set-up link (not committed)."""
    email = email.strip().lower()
    if hr_users.get_user_by_email(db, email) is not None:
        raise Conflict(N_("an account with the e-mail {email} already exists"), email=email)
    user = HRUser(
        email=email, role=role, organisation_id=organisation_id, active=True, password_hash=""
    )
    try:
        hr_users.add_user(db, user)
    except IntegrityError as exc:
        raise Conflict(
            N_("an account with the e-mail {email} already exists"), email=email
        ) from exc
    link = issue_reset_link(db, user, base_url)
    return HRUserCreated(user=HRUserRead.model_validate(user), reset_link=link)


def update_user(
    db: Session, actor: HRUser, scope: HRScope, user_id: int, body: HRUserUpdate
) -> HRUserDetail:
    """Disable/enable an account (disabling ends its sessions), set a manager's teams."""
    user = _managed_user(db, scope, user_id)
    if body.active is not None:
        _set_active(db, actor, user, body.active)
    if body.team_ids is not None:
        _set_teams(db, actor, user, body.team_ids)
    db.commit()
    return _detail(db, user)


def _set_active(db: Session, actor: HRUser, user: HRUser, active: bool) -> None:
    if user.id == actor.id and not active:
        raise Conflict(N_("you cannot disable your own account"))
    user.active = active
    if not active:
        hr_sessions.revoke_user_sessions(db, user.id, utc_now())
        hr_users.revoke_open_resets(db, user.id, utc_now())
    action = "account.enable" if active else "account.disable"
    record_hr(db, actor, action, organisation_id=user.organisation_id, target=("user", user.id))


def _set_teams(db: Session, actor: HRUser, user: HRUser, team_ids: list[int]) -> None:
    if user.role != HRRole.MANAGER or user.organisation_id is None:
        raise InvalidInput(N_("team_ids: only managers are limited to teams"))
    wanted = sorted(set(team_ids))
    if hr_teams.readable_team_ids(db, Scope(user.organisation_id), wanted) != set(wanted):
        raise NotFound(N_("team_ids: some of these teams do not exist in this organisation"))
    hr_users.set_manager_teams(db, user.id, wanted)
    record_hr(
        db, actor, "account.teams", organisation_id=user.organisation_id, target=("user", user.id)
    )


def issue_reset_link(db: Session, user: HRUser, base_url: str) -> ResetLinkRead:
    """A new one-time link for ``user``; the account's older links stop working (not committed)."""
    now = utc_now()
    hr_users.revoke_open_resets(db, user.id, now)
    token, expires_at = new_token(), now + RESET_LINK_LIFETIME
    reset = PasswordReset(user_id=user.id, token_hash=token_hash(token), expires_at=expires_at)
    hr_users.add_password_reset(db, reset)
    return ResetLinkRead(
        user_id=user.id, reset_url=reset_url(base_url, token), expires_at=expires_at
    )


def _set_up_pending(db: Session, user: HRUser) -> bool:
    """A platform admin's link can reach no one's data: the owner has not set a password or
    signed in, and nobody has in the account's organisation (so no HR admin made it)."""
    if user.password_hash or user.last_login_at is not None:
        return False
    return user.organisation_id is None or not hr_users.organisation_in_use(
        db, user.organisation_id
    )


def mint_reset_link(
    db: Session, actor: HRUser, scope: HRScope, user_id: int, base_url: str
) -> ResetLinkRead:
    """A one-time link (72 h) for the admin to hand over; the token is shown only now.

    The account's open sessions end now. Platform admins: only while it is being set up.
    """
    user = _managed_user(db, scope, user_id)
    if not user.active:
        raise Conflict(N_("this account is disabled: enable it before handing over a new link"))
    if scope.organisation_id is None and not _set_up_pending(db, user):
        raise Forbidden(
            N_(
                "platform administrators mint links only while an account is being set up (no "
                "password yet, in an organisation nobody uses yet); an HR administrator of its "
                "organisation can, or disable the account"
            )
        )
    hr_sessions.revoke_user_sessions(db, user.id, utc_now())
    link = issue_reset_link(db, user, base_url)
    record_hr(
        db, actor, "account.reset", organisation_id=user.organisation_id, target=("user", user.id)
    )
    db.commit()
    return link


def _usable_reset(db: Session, token: str) -> HRUser:
    """The account a link can still set the password of (NotFound or Gone otherwise)."""
    reset = hr_users.get_password_reset(db, token_hash(token))
    user = hr_users.get_user(db, reset.user_id) if reset is not None else None
    if reset is None or user is None:
        raise NotFound(N_("unknown password-reset link"))
    over = reset.used_at is not None or reset.revoked_at is not None
    if over or as_utc(reset.expires_at) <= utc_now():
        raise Gone(N_("this password-reset link has been used, replaced by a newer one or expired"))
    if not user.active:
        raise Gone(N_("this account is disabled: its links no longer set a password"))
    return user


def check_reset_token(db: Session, token: str) -> None:
    """NotFound or Gone unless the link can still set a password."""
    _usable_reset(db, token)


def reset_password(db: Session, token: str, password: str) -> None:
    """Set the password through a one-time link; every open session of the user ends."""
    check_password_strength(password)
    user = _usable_reset(db, token)
    password_hash = hash_password(password)  # slow: before the write below takes its lock
    now = utc_now()
    if hr_users.claim_password_reset(db, token_hash(token), now) is None:
        raise Gone(N_("this password-reset link has been used, replaced by a newer one or expired"))
    user.password_hash = password_hash
    hr_sessions.revoke_user_sessions(db, user.id, now)
    record_hr(
        db,
        user,
        "account.password_set",
        organisation_id=user.organisation_id,
        target=("user", user.id),
    )
    db.commit()
