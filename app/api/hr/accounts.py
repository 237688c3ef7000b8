"""Organisations (platform admin), accounts, manager teams and password-reset links."""

from __future__ import annotations

from fastapi import APIRouter

from app.accounts import manage as accounts
from app.accounts.hr_auth import CurrentPlatformAdmin, HRAdminOrPlatformCall
from app.accounts.schemas import (
    HRUserCreate,
    HRUserCreated,
    HRUserDetail,
    HRUserUpdate,
    PasswordResetCreate,
    ResetLinkRead,
)
from app.deps import RowId, SessionDep, SettingsDep
from app.organisations.schemas import OrganisationCreate, OrganisationRead

router = APIRouter(prefix="/api/v1/hr", tags=["hr"])


@router.get("/organisations", response_model=list[OrganisationRead])
def list_organisations(user: CurrentPlatformAdmin, db: SessionDep) -> list[OrganisationRead]:
    """Every organisation of the platform. Platform admins only (403 for other roles)."""
    return accounts.list_organisations(db)


@router.post("/organisations", response_model=OrganisationRead, status_code=201)
def create_organisation(
    body: OrganisationCreate, user: CurrentPlatformAdmin, db: SessionDep
) -> OrganisationRead:
    """Create an organisation (audited as ``organisation.create``); its first HR admin is then
    created with ``POST /users``. Platform admins only (403 for other roles)."""
    return accounts.create_organisation(db, user, body)


@router.get("/users", response_model=list[HRUserDetail])
def list_users(call: HRAdminOrPlatformCall) -> list[HRUserDetail]:
    """Accounts with their role, state and (managers) teams: an HR admin sees the accounts of
    their organisation, a platform admin every account. Managers: 403."""
    return accounts.list_users(call.db, call.scope)


@router.post("/users", response_model=HRUserCreated, status_code=201)
def create_user(
    body: HRUserCreate, call: HRAdminOrPlatformCall, settings: SettingsDep
) -> HRUserCreated:
    """Create an account; hand its one-time set-up link to the person (no e-mail is sent).

    HR admins create HR admins and managers of their organisation. Platform admins create
    platform admins and an organisation's *first* HR admin only (403 otherwise)."""
    return accounts.create_user(call.db, call.user, call.scope, body, settings.base_url)


@router.patch("/users/{user_id}", response_model=HRUserDetail)
def update_user(user_id: RowId, body: HRUserUpdate, call: HRAdminOrPlatformCall) -> HRUserDetail:
    """Switch an account off or on (``active``: switching off ends its sessions and revokes its
    password links at once; nobody can switch themselves off, 409) and set a manager's teams
    (``team_ids`` replaces the list; 422 for any other role). Audited. An account outside the
    caller's reach: 404."""
    return accounts.update_user(call.db, call.user, call.scope, user_id, body)


@router.post("/users/{user_id}/reset-link", response_model=ResetLinkRead, status_code=201)
def mint_reset_link(
    user_id: RowId, call: HRAdminOrPlatformCall, settings: SettingsDep
) -> ResetLinkRead:
    """A new one-time password link (72 h), shown once: the account's older links stop
    working and its sessions end now. HR admins: any account of their organisation. Platform
    admins: only an account whose owner has not set a password yet (403), so they cannot
    become the owner. A disabled account: 409."""
    return accounts.mint_reset_link(call.db, call.user, call.scope, user_id, settings.base_url)


@router.post("/password-reset", status_code=204)
def reset_password(body: PasswordResetCreate, db: SessionDep) -> None:
    """Set a password with a one-time link's token (no session needed). 410 when the link was
    used, replaced by a newer one or expired, or its account is disabled."""
    accounts.reset_password(db, body.token, body.password)
