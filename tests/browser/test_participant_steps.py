"""The steps around the test: refusal, skipping, the end page and its rights, data shown as text."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from tests.support.invitations import named_campaign_invitation
from tests.support.page_driver import click_through_questionnaire, step_is
from tests.support.stored_session import stored_session

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)> Équipe"


def test_declining_ends_politely_and_is_recorded(
    page: Any, base_url: str, fresh_token: str, db_sessions: sessionmaker[Session]
) -> None:
    page.goto(f"{base_url}/p/{fresh_token}")
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="I do not wish to take part").click()
    step_is(page, "declined")
    assert "Thank you for your answer" in page.locator("h1").inner_text()
    page.reload()
    step_is(page, "declined")
    with db_sessions() as db:
        assert stored_session(db, fresh_token).session.state == "declined"


def test_skip_the_timed_test_with_the_keyboard_alone(
    page: Any, base_url: str, fresh_token: str, db_sessions: sessionmaker[Session]
) -> None:
    page.goto(f"{base_url}/p/{fresh_token}")
    step_is(page, "language")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Français
    step_is(page, "consent")
    page.get_by_role("button", name="J'accepte de participer").focus()
    page.keyboard.press("Enter")
    step_is(page, "device")
    page.get_by_role("button", name="Je ne peux pas faire le test chronométré").focus()
    page.keyboard.press("Enter")
    page.keyboard.type("pas de clavier, lecteur d'écran")  # typing e/i here is not a device answer
    assert page.evaluate("document.querySelector('#app').dataset.step") == "device"
    page.get_by_role("button", name="Confirmer : ne pas faire le test chronométré").focus()
    page.keyboard.press("Enter")
    click_through_questionnaire(page)
    step_is(page, "end")
    with db_sessions() as db:
        session = stored_session(db, fresh_token).session
        assert (session.iat_skipped, session.state) == (True, "completed")
        assert session.iat_skip_reason == "pas de clavier, lecteur d'écran"


def test_end_page_reopens_and_offers_download_and_withdrawal(
    page: Any, base_url: str, fresh_token: str, db_sessions: sessionmaker[Session]
) -> None:
    page.goto(f"{base_url}/p/{fresh_token}?simulate=0.02")
    step_is(page, "end", 60_000)
    page.goto(f"{base_url}/p/{fresh_token}")  # reopening a finished session's link
    step_is(page, "end")
    page.locator(".p-feedback").wait_for(state="visible", timeout=30_000)
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger mes données").click()
    assert download.value.suggested_filename == "my-data.json"
    page.get_by_role("button", name="Me retirer et effacer mes données").click()
    page.get_by_role("button", name="Annuler").click()
    assert page.locator("#app .p-confirm").is_hidden()
    page.get_by_role("button", name="Me retirer et effacer mes données").click()
    page.get_by_role("button", name="Oui, effacer mes données").click()
    step_is(page, "withdrawn")
    with db_sessions() as db:
        stored = stored_session(db, fresh_token)
        assert stored.session.state == "withdrawn"
        assert stored.trials == [] and stored.scores == []


def test_campaign_text_with_markup_is_shown_as_text(
    page: Any,
    base_url: str,
    browser_settings: Settings,
    db_sessions: sessionmaker[Session],
) -> None:
    with db_sessions() as db:
        token = named_campaign_invitation(db, browser_settings, HOSTILE)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{base_url}/p/{token}")
    page.get_by_role("button", name="Français").click()
    step_is(page, "consent")
    assert page.locator(".p-campaign").inner_text() == HOSTILE
    assert page.locator("#app").inner_text().count(HOSTILE) >= 2  # name and controller line
    assert page.locator("#app script, #app img").count() == 0
    page.wait_for_timeout(200)
    assert dialogs == []


def test_large_text_toggle_is_kept(page: Any, base_url: str, fresh_token: str) -> None:
    page.goto(f"{base_url}/p/{fresh_token}")
    toggle = page.get_by_role("button", name="Grands caractères")
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert "p-large" in (page.locator("html").get_attribute("class") or "")
    page.reload()
    assert "p-large" in (page.locator("html").get_attribute("class") or "")
