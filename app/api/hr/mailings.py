"""E-mail mail-outs of a campaign, and one person's links (resend, revoke)."""

from __future__ import annotations

from fastapi import APIRouter

from app.accounts.hr_auth import HRAdminCall, HRStaffCall
from app.deps import RowId, SettingsDep
from app.mail import mailings
from app.mail.schemas import MailingCreate, MailingCreated, MailingRead, TestMailCreate
from app.participants import person_links
from app.participants.person_links import ResentLink, RevokedLinks

router = APIRouter(prefix="/api/v1/hr/campaigns/{campaign_id}", tags=["hr"])


@router.post("/mailings", response_model=MailingCreated, status_code=202)
def create_mailing(
    campaign_id: RowId, body: MailingCreate, call: HRStaffCall, settings: SettingsDep
) -> MailingCreated:
    """Queue invitations or reminders (each with a fresh personal link) for an audience of an
    open campaign; a manager reaches only the people of their teams. ``skipped`` counts, in
    one number, those with no e-mail address, those who declined or withdrew and those who
    finished: it does not tell who refused."""
    return mailings.create_mailing(
        call.db, call.user, call.scope, campaign_id, body, settings.base_url
    )


@router.get("/mailings", response_model=list[MailingRead])
def list_mailings(campaign_id: RowId, call: HRStaffCall) -> list[MailingRead]:
    """The campaign's mail-outs, newest first, with their messages counted by delivery state."""
    return mailings.list_mailings(call.db, call.scope, campaign_id)


@router.post("/mailings/test", response_model=MailingCreated, status_code=202)
def send_test(
    campaign_id: RowId, body: TestMailCreate, call: HRStaffCall, settings: SettingsDep
) -> MailingCreated:
    """The invitation or reminder as people would get it, sent to your own address only (its
    link is an example that does not work)."""
    return mailings.send_test(call.db, call.user, call.scope, campaign_id, body, settings.base_url)


@router.post("/participants/{participant_id}/links", response_model=ResentLink, status_code=201)
def resend_link(
    campaign_id: RowId, participant_id: RowId, call: HRAdminCall, settings: SettingsDep
) -> ResentLink:
    """A new personal link for a person who has not opened theirs (shown once; their older
    links keep working). 409 "this person has already opened their link" otherwise."""
    return person_links.resend_link(
        call.db, call.user, call.scope, campaign_id, participant_id, settings.base_url
    )


@router.delete("/participants/{participant_id}/links", response_model=RevokedLinks)
def revoke_links(campaign_id: RowId, participant_id: RowId, call: HRAdminCall) -> RevokedLinks:
    """End every link of this person (nobody else's)."""
    return person_links.revoke_links(call.db, call.user, call.scope, campaign_id, participant_id)
