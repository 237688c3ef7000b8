"""Issue 15: a resend leaves the older link working. In Chromium: HR signs in and gives a
person a new link from the campaign page's roster; the person then opens the OLD link (the one
in their first e-mail) and finishes the whole test with it."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.db.models import Campaign, Invitation, Participant
from app.domain import HRRole
from app.security import token_hash
from tests.browser.test_participant_simulated import open_simulated
from tests.support.hr import PASSWORD, make_user
from tests.support.stored_session import assert_complete_test, stored_session


def _person(db: Session, token: str) -> Participant:
    return db.scalars(
        select(Participant)
        .join(Invitation, Invitation.participant_id == Participant.id)
        .where(Invitation.token_hash == token_hash(token))
    ).one()


def test_old_link_finishes_the_test_after_hr_resends_one(
    page: Any, base_url: str, fresh_token: str, db_sessions: sessionmaker[Session]
) -> None:
    email = f"admin-{secrets.token_hex(3)}@resend.example"
    with db_sessions() as db:
        person = _person(db, fresh_token)
        make_user(db, email, HRRole.HR_ADMIN, _organisation_of(db, person))
        code, campaign_id = person.code, person.campaign_id

    page.goto(f"{base_url}/hr/login")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/hr/campaigns")
    page.goto(f"{base_url}/hr/campaigns/{campaign_id}")
    page.get_by_role("button", name=f"Nouveau lien {code}").click()
    notice = page.locator(".hr-notice", has_text=code)
    new_url = notice.locator("code").inner_text()
    new_token = new_url.rsplit("/", 1)[1]
    assert new_token != fresh_token

    open_simulated(page, base_url, fresh_token, "fr")  # the old link, after the resend
    page.wait_for_selector("#app[data-step='end']", timeout=60_000)
    with db_sessions() as db:
        stored = stored_session(db, fresh_token)
        assert stored.session.state == "completed"
        assert_complete_test(stored)
    page.goto(f"{base_url}/p/{new_token}")  # the new link opens the same person's end page
    page.wait_for_selector("#app[data-step='end']", timeout=30_000)


def _organisation_of(db: Session, person: Participant) -> int:
    campaign = db.get(Campaign, person.campaign_id)
    assert campaign is not None
    return campaign.organisation_id
