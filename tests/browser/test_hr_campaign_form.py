"""The campaign form in Chromium, in French: a campaign that closes before it opens is refused,
the page comes back with everything typed still there and the reason beside the closing date."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.db.models import Team
from app.domain import HRRole
from tests.support.hr import PASSWORD, make_user, organisation


def test_a_refused_campaign_keeps_what_was_typed_and_says_why_beside_the_field(
    page: Any, base_url: str, db_sessions: sessionmaker[Session]
) -> None:
    email = f"admin-{secrets.token_hex(3)}@form.example"
    with db_sessions() as db:
        org = organisation(db, f"Form {email}")
        make_user(db, email, HRRole.HR_ADMIN, org.id)
        db.add(Team(organisation_id=org.id, name="Support"))
        db.commit()
    page.goto(base_url + "/hr/login?lang=fr")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/hr/campaigns")
    page.goto(base_url + "/hr/campaigns/new")
    page.get_by_label("Nom", exact=True).fill("Baromètre refusé")
    page.get_by_label("Français").uncheck()
    page.get_by_label("Support").check()
    page.locator("#opens_at").fill("2031-03-01")
    page.locator("#closes_at").fill("2031-02-01")
    page.locator("#texts-en-purpose").fill("Measure customer culture")
    page.locator("#reminder_days").fill("3, 7")
    page.get_by_role("button", name="Créer").click()
    page.wait_for_load_state()

    error = page.locator("#closes_at-error")
    assert error.inner_text() == "la campagne doit se terminer après son ouverture"
    assert page.locator("#closes_at").get_attribute("aria-describedby") == "closes_at-error"
    assert page.locator("#opens_at").input_value() == "2031-03-01"
    assert page.locator("#closes_at").input_value() == "2031-02-01"
    assert page.get_by_label("Nom", exact=True).input_value() == "Baromètre refusé"
    assert not page.get_by_label("Français").is_checked()
    assert page.get_by_label("English").is_checked()
    assert page.get_by_label("Support").is_checked()
    assert page.locator("#texts-en-purpose").input_value() == "Measure customer culture"
    assert page.locator("#reminder_days").input_value() == "3, 7"
