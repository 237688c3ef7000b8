"""HR pages of e-mail: a campaign's outbox (HR admins) and, in demo and test modes only, the
messages the demo's SMTP catcher received."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.accounts.hr_auth import CurrentHRAdmin, CurrentScope
from app.deps import RowId, SessionDep, SettingsDep
from app.domain import MailState
from app.errors import NotFound
from app.i18n import N_
from app.mail.catcher import caught_messages
from app.mail.status import campaign_outbox
from app.pages.hr.rendering import render_hr

router = APIRouter(include_in_schema=False)


@router.get("/hr/campaigns/{campaign_id}/outbox", response_class=HTMLResponse)
def outbox_page(
    request: Request,
    campaign_id: RowId,
    admin: CurrentHRAdmin,
    scope: CurrentScope,
    db: SessionDep,
    state: Annotated[MailState | None, Query()] = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> HTMLResponse:
    page = campaign_outbox(db, scope, campaign_id, state=state, offset=offset)
    return render_hr(request, "hr/outbox.html", {"page": page, "states": list(MailState)})


@router.get("/hr/mailbox", response_class=HTMLResponse)
def mailbox_page(request: Request, admin: CurrentHRAdmin, settings: SettingsDep) -> HTMLResponse:
    if not settings.is_demo_like:
        raise NotFound(N_("this page exists only in the demo"))
    messages = caught_messages(settings.var_dir)
    return render_hr(request, "hr/mailbox.html", {"messages": messages})
