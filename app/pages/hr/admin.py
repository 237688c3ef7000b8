"""Administration pages: teams, accounts and the audit log."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from app.accounts import manage as accounts
from app.accounts.hr_auth import (
    CurrentHRAdmin,
    CurrentHRAdminOrPlatform,
    CurrentHRStaff,
    CurrentScope,
    HRAdminOrPlatformCall,
    HRCall,
)
from app.accounts.schemas import HRUserCreate, HRUserUpdate
from app.audit import log as audit_log
from app.audit.schemas import AuditQuery
from app.audit.sentences import SENTENCES, kind_label
from app.deps import RowId, SessionDep, SettingsDep
from app.domain import HRRole
from app.errors import AppError, InvalidInput
from app.i18n import N_, request_language
from app.organisations import teams
from app.organisations.schemas import TeamCreate
from app.pages.hr.rendering import FormFields, FormLists, render_hr

router = APIRouter(prefix="/hr", include_in_schema=False)
AUDIT_PAGE = 100
MAX_AUDIT_PAGE = 1_000_000  # 100 events a page: beyond any log, and the offset stays small


@router.get("/teams", response_class=HTMLResponse)
def teams_page(
    request: Request, user: CurrentHRStaff, scope: CurrentScope, db: SessionDep
) -> HTMLResponse:
    return render_hr(request, "hr/teams.html", {"teams": teams.list_teams(db, scope)})


@router.post("/teams", response_class=HTMLResponse)
def create_team(
    request: Request, user: CurrentHRAdmin, scope: CurrentScope, db: SessionDep, form: FormFields
) -> Response:
    parent = form.get("parent_id") or None
    try:
        body = TeamCreate(name=form.get("name", ""), parent_id=int(parent) if parent else None)
        teams.create_team(db, user, scope, body)
    except (AppError, ValidationError, ValueError) as exc:
        failure = exc if isinstance(exc, AppError) else InvalidInput(N_("name: required"))
        context = {"teams": teams.list_teams(db, scope), "failure": failure}
        return render_hr(request, "hr/teams.html", context, failure.status_code)
    return RedirectResponse("/hr/teams", 303)


def _users_page(request: Request, call: HRCall, status: int = 200, **extra: object) -> HTMLResponse:
    db, scope = call.db, call.scope
    context: dict[str, object] = {"users": accounts.list_users(db, scope), **extra}
    if scope.organisation_id is None:
        context["organisations"] = accounts.list_organisations(db)
    else:
        context["teams"] = teams.list_teams(db, scope)
    return render_hr(request, "hr/users.html", context, status)


@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request, call: HRAdminOrPlatformCall) -> HTMLResponse:
    return _users_page(request, call)


@router.post("/users", response_class=HTMLResponse)
def create_user(
    request: Request, call: HRAdminOrPlatformCall, settings: SettingsDep, form: FormFields
) -> HTMLResponse:
    org = form.get("organisation_id") or None
    try:
        body = HRUserCreate(
            email=form.get("email", ""),
            role=HRRole(form.get("role", "")),
            organisation_id=int(org) if org else None,
        )
        created = accounts.create_user(call.db, call.user, call.scope, body, settings.base_url)
    except (AppError, ValidationError, ValueError) as exc:
        failure = (
            exc if isinstance(exc, AppError) else InvalidInput(N_("check the e-mail and role"))
        )
        return _users_page(request, call, failure.status_code, failure=failure)
    return _users_page(request, call, reset_link=created.reset_link)


@router.post("/users/{user_id}", response_class=HTMLResponse)
def update_user(
    request: Request,
    user_id: RowId,
    call: HRAdminOrPlatformCall,
    form: FormFields,
    lists: FormLists,
) -> Response:
    active = {"enable": True, "disable": False}.get(form.get("action", ""))
    team_ids = lists.get("team_ids", []) if form.get("action") == "teams" else None
    try:
        body = HRUserUpdate.model_validate({"active": active, "team_ids": team_ids})
        accounts.update_user(call.db, call.user, call.scope, user_id, body)
    except (AppError, ValidationError) as exc:
        failure = exc if isinstance(exc, AppError) else InvalidInput(N_("team_ids: unknown teams"))
        return _users_page(request, call, failure.status_code, failure=failure)
    return RedirectResponse("/hr/users", 303)


@router.post("/users/{user_id}/reset-link", response_class=HTMLResponse)
def reset_link(
    request: Request, user_id: RowId, call: HRAdminOrPlatformCall, settings: SettingsDep
) -> HTMLResponse:
    try:
        link = accounts.mint_reset_link(call.db, call.user, call.scope, user_id, settings.base_url)
    except AppError as exc:
        return _users_page(request, call, exc.status_code, failure=exc)
    return _users_page(request, call, reset_link=link)


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    user: CurrentHRAdminOrPlatform,
    scope: CurrentScope,
    db: SessionDep,
    query: Annotated[AuditQuery, Query()],
    page: Annotated[int, Query(ge=0, le=MAX_AUDIT_PAGE)] = 0,
) -> HTMLResponse:
    """The log, 100 events a page, with its filters and a CSV of everything they select."""
    query = query.model_copy(update={"limit": AUDIT_PAGE, "offset": page * AUDIT_PAGE})
    events = audit_log.list_events(db, scope, query)
    filters = query.model_dump(include={"action", "actor", "since", "until"}, exclude_none=True)
    lang = request_language(request)
    context = {
        "events": events,
        "who": {e.id: audit_log.actor_label(e, lang) for e in events.items},
        "page": page,
        "query": query,
        "filters": urlencode(filters),
        "actions": [(a, kind_label(a, lang)) for a in sorted(SENTENCES)],
        "actors": audit_log.actor_choices(db, scope),
    }
    return render_hr(request, "hr/audit.html", context)
