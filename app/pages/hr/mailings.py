"""Campaign page forms: mail-outs, the test message, one person's links (resend, revoke)."""

from __future__ import annotations

from typing import TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ValidationError

from app.accounts.hr_auth import HRAdminCall, HRStaffCall
from app.deps import RowId, SettingsDep
from app.errors import InvalidInput
from app.i18n import N_
from app.mail import mailings
from app.mail.schemas import MailingCreate, TestMailCreate
from app.pages.hr.campaigns import campaign_form, campaign_page
from app.pages.hr.rendering import FormFields
from app.participants import person_links

router = APIRouter(prefix="/hr/campaigns/{campaign_id}", include_in_schema=False)
Form = TypeVar("Form", bound=BaseModel)


def _parsed(model: type[Form], **fields: str | None) -> Form:
    """The form's fields as ``model``, or one clear error (the choices are fixed lists)."""
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        raise InvalidInput(N_("choose what to send and to whom")) from exc


@router.post("/mailings", response_class=HTMLResponse)
@campaign_form
def mail_out(
    request: Request, campaign_id: RowId, call: HRStaffCall, form: FormFields,
    settings: SettingsDep,
) -> Response:  # fmt: skip
    body = _parsed(MailingCreate, kind=form.get("kind"), audience=form.get("audience"))
    created = mailings.create_mailing(
        call.db, call.user, call.scope, campaign_id, body, settings.base_url
    )
    return campaign_page(request, call, campaign_id, mailing_created=created)


@router.post("/mailings/test", response_class=HTMLResponse)
@campaign_form
def test_message(
    request: Request, campaign_id: RowId, call: HRStaffCall, form: FormFields,
    settings: SettingsDep,
) -> Response:  # fmt: skip
    fields = {"template": form.get("template"), "language": form.get("language")}
    body = _parsed(TestMailCreate, **{k: v for k, v in fields.items() if v})
    mailings.send_test(call.db, call.user, call.scope, campaign_id, body, settings.base_url)
    return campaign_page(request, call, campaign_id, test_sent_to=call.user.email)


@router.post("/participants/{participant_id}/resend", response_class=HTMLResponse)
@campaign_form
def resend(
    request: Request, campaign_id: RowId, participant_id: RowId, call: HRAdminCall,
    settings: SettingsDep,
) -> Response:  # fmt: skip
    link = person_links.resend_link(
        call.db, call.user, call.scope, campaign_id, participant_id, settings.base_url
    )
    return campaign_page(request, call, campaign_id, resent_link=link)


@router.post("/participants/{participant_id}/revoke", response_class=HTMLResponse)
@campaign_form
def revoke(
    request: Request, campaign_id: RowId, participant_id: RowId, call: HRAdminCall
) -> Response:
    person_links.revoke_links(call.db, call.user, call.scope, campaign_id, participant_id)
    return RedirectResponse(f"/hr/campaigns/{campaign_id}#participants", 303)
