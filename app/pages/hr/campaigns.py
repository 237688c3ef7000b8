"""Campaign pages: list, create, detail (policy, state, edit), for HR admins and managers."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, ParamSpec, cast

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from app.accounts.hr_auth import CurrentHRAdmin, CurrentHRStaff, CurrentScope, HRAdminCall, HRCall
from app.accounts.scope import HRScope
from app.aggregates.participation import campaign_participation
from app.campaigns import manage as campaigns
from app.deps import RowId, SessionDep
from app.domain import CampaignState, HRRole
from app.errors import AppError, field_problems
from app.i18n import N_, offered_languages, request_language
from app.mail import mailings
from app.organisations import teams
from app.outcomes import manage as outcomes
from app.pages.hr import forms
from app.pages.hr.rendering import FormFields, FormLists, render_hr
from app.pages.hr.roster import roster_context
from app.pages.hr.studies import own_study_choices
from app.participants.schemas import RosterQuery
from app.programmes import manage as programmes

router = APIRouter(include_in_schema=False)
P = ParamSpec("P")
_ACTIONS = {
    "open": CampaignState.OPEN,
    "close": CampaignState.CLOSED,
    "archive": CampaignState.ARCHIVED,
}


@router.get("/hr/campaigns", response_class=HTMLResponse)
def list_page(
    request: Request, user: CurrentHRStaff, scope: CurrentScope, db: SessionDep
) -> HTMLResponse:
    rows = campaigns.list_campaigns(db, scope)
    return render_hr(request, "hr/campaigns.html", {"campaigns": rows})


def _form_context(request: Request, db: Session, scope: HRScope) -> dict[str, object]:
    lang = request_language(request)
    studies = campaigns.study_choices(lang) + own_study_choices(db, scope, lang)
    return {
        "teams": teams.list_teams(db, scope),
        "studies": studies,
        "programmes": programmes.list_programmes(db, scope),
    }


def field_errors(request: Request, failure: Exception | None) -> dict[str, str]:
    """Each refused field's message in the page's language (shown next to the field)."""
    found: dict[str, list[str]] = {}
    lang = request_language(request)
    for problem in field_problems(failure) if failure else ():
        found.setdefault(problem.field, []).append(problem.text_in(lang))
    return {field: "; ".join(messages) for field, messages in found.items()}


@router.get("/hr/campaigns/new", response_class=HTMLResponse)
def new_page(
    request: Request, user: CurrentHRAdmin, scope: CurrentScope, db: SessionDep
) -> HTMLResponse:
    values = forms.new_values(list(offered_languages(request)))
    context = _form_context(request, db, scope) | {"v": values}
    return render_hr(request, "hr/campaign_form.html", context)


@router.post("/hr/campaigns", response_class=HTMLResponse)
def create(request: Request, call: HRAdminCall, form: FormFields, lists: FormLists) -> Response:
    db, scope = call.db, call.scope
    try:
        body = forms.campaign_create(form, lists)
        detail = campaigns.create_campaign(db, call.user, scope, body)
    except AppError as exc:
        context = _form_context(request, db, scope) | {
            "failure": exc,
            "v": forms.sent_values(form, lists),
            "field_errors": field_errors(request, exc),
        }
        return render_hr(request, "hr/campaign_form.html", context, exc.status_code)
    return RedirectResponse(f"/hr/campaigns/{detail.campaign.id}", 303)


def _detail_context(
    scope: HRScope, db: Session, campaign_id: int, roster: RosterQuery | None = None
) -> dict[str, object]:
    detail = campaigns.campaign_detail(db, scope, campaign_id)
    context: dict[str, object] = {
        "detail": detail,
        "c": detail.campaign,
        "teams": teams.list_teams(db, scope),
        "mailings": mailings.list_mailings(db, scope, campaign_id),
        "edit_values": forms.campaign_values(detail.campaign, detail.team_ids),
        "participation": campaign_participation(db, scope, campaign_id),
    }
    if scope.role is HRRole.HR_ADMIN:
        context |= roster_context(db, scope, campaign_id, roster or RosterQuery())
        context["outcomes"] = outcomes.list_outcomes(db, scope, campaign_id)
        context["programmes"] = programmes.list_programmes(db, scope)
    return context


@router.get("/hr/campaigns/{campaign_id}", response_class=HTMLResponse)
def detail_page(
    request: Request,
    campaign_id: RowId,
    user: CurrentHRStaff,
    scope: CurrentScope,
    db: SessionDep,
    roster: Annotated[RosterQuery, Query()],
) -> HTMLResponse:
    context = _detail_context(scope, db, campaign_id, roster)
    return render_hr(request, "hr/campaign.html", context)


def campaign_page(
    request: Request,
    call: HRCall,
    campaign_id: RowId,
    failure: AppError | None = None,
    **extra: object,
) -> HTMLResponse:
    """The campaign page, with an error or a one-time link when a form produced one."""
    context = _detail_context(call.scope, call.db, campaign_id)
    context |= {"failure": failure, "field_errors": field_errors(request, failure), **extra}
    status = failure.status_code if failure else 200
    return render_hr(request, "hr/campaign.html", context, status)


def campaign_form(route: Callable[P, Response]) -> Callable[P, Response]:
    """For a form posted from the campaign page: the route's answer, or the campaign page
    again with the error when the route raises one. The route takes ``request``, ``call``
    and ``campaign_id``."""

    @functools.wraps(route)
    def answer(*args: P.args, **kwargs: P.kwargs) -> Response:
        try:
            return route(*args, **kwargs)
        except AppError as exc:
            request, call = cast(Request, kwargs["request"]), cast(HRCall, kwargs["call"])
            return campaign_page(request, call, cast(int, kwargs["campaign_id"]), exc)

    return answer


@router.post("/hr/campaigns/{campaign_id}/edit", response_class=HTMLResponse)
@campaign_form
def edit(
    request: Request, campaign_id: RowId, call: HRAdminCall, form: FormFields, lists: FormLists
) -> Response:
    locked = campaigns.load_campaign(call.db, call.scope, campaign_id).policy_locked_at is not None
    try:
        body = forms.campaign_update(form, lists, locked)
        campaigns.update_campaign(call.db, call.user, call.scope, campaign_id, body)
    except AppError as exc:  # the page again, with what was typed and the error at its field
        call.db.rollback()
        stored = campaigns.campaign_detail(call.db, call.scope, campaign_id)
        values = forms.edited_values(stored.campaign, stored.team_ids, form, lists, locked)
        return campaign_page(request, call, campaign_id, exc, edit_values=values)
    return RedirectResponse(f"/hr/campaigns/{campaign_id}", 303)


@router.post("/hr/campaigns/{campaign_id}/state", response_class=HTMLResponse)
@campaign_form
def change_state(
    request: Request, campaign_id: RowId, call: HRAdminCall, form: FormFields
) -> Response:
    target = _ACTIONS.get(form.get("action", ""))
    if target is None:
        raise AppError(N_("unknown action"))
    campaigns.change_state(call.db, call.user, call.scope, campaign_id, target)
    return RedirectResponse(f"/hr/campaigns/{campaign_id}", 303)
