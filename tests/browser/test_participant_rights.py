"""Withdrawal on every step after consent (never over a running block), one progress line, and
a wrong key answered with what to do."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from tests.support.page_driver import drive, next_entry, step_is
from tests.support.stored_session import stored_session

WITHDRAW = "Me retirer de l'étude"
STORAGE_JS = "Object.keys(localStorage).filter((k) => /^iat-(upload|questionnaire)/.test(k))"


def withdraw_link(page: Any) -> Any:
    return page.get_by_role("button", name=WITHDRAW)


def agree(page: Any, url: str) -> None:
    """Open ``url`` and consent in French: the device check shows."""
    page.goto(url)
    page.get_by_role("button", name="Français").click()
    page.get_by_role("button", name="J'accepte de participer").click()
    step_is(page, "device")


def confirm_withdrawal(page: Any) -> None:
    withdraw_link(page).click()
    page.get_by_role("button", name="Oui, effacer mes données").click()
    step_is(page, "withdrawn")
    assert "Vos données ont été effacées" in page.locator("h1").inner_text()
    assert page.evaluate(STORAGE_JS) == []


def test_withdrawal_between_blocks_erases_what_was_sent(
    page: Any, base_url: str, fresh_token: str, db_sessions: sessionmaker[Session]
) -> None:
    page.goto(f"{base_url}/p/{fresh_token}?timing=1")
    step_is(page, "language")
    assert withdraw_link(page).is_hidden()
    page.get_by_role("button", name="Français").click()
    step_is(page, "consent")
    assert withdraw_link(page).is_hidden()  # here the way out is "I do not wish to take part"
    page.get_by_role("button", name="J'accepte de participer").click()
    step_is(page, "device")
    assert withdraw_link(page).is_visible()
    page.keyboard.press("e")
    next_entry(page, 0)  # block 1's instructions
    withdraw_link(page).click()
    page.get_by_role("button", name="Annuler").click()
    assert page.locator(".p-confirm").first.is_hidden()
    page.keyboard.press("Space")  # after a cancel, space starts the block as the screen says
    drive(page, 1, 1)
    assert withdraw_link(page).is_hidden(), "nothing but the task while a block runs"
    drive(page, 2, 19)
    assert next_entry(page, 21)["kind"] == "instruction"  # the pause after block 1
    assert withdraw_link(page).is_visible()
    page.wait_for_function(f"() => {STORAGE_JS}.length === 0")  # block 1 sent
    with db_sessions() as db:
        assert len(stored_session(db, fresh_token).trials_of(1)) == 20
    confirm_withdrawal(page)
    with db_sessions() as db:
        stored = stored_session(db, fresh_token)
        assert stored.session.state == "withdrawn"
        assert stored.trials == [] and stored.uploads == []


def test_withdrawal_from_the_questionnaire(
    page: Any, base_url: str, fresh_token: str, db_sessions: sessionmaker[Session]
) -> None:
    agree(page, f"{base_url}/p/{fresh_token}")
    page.get_by_role("button", name="Je ne peux pas faire le test chronométré").click()
    page.get_by_role("button", name="Confirmer : ne pas faire le test chronométré").click()
    step_is(page, "questionnaire")
    page.locator(".q-screen .p-btn--primary").click()  # one page saved
    confirm_withdrawal(page)
    with db_sessions() as db:
        assert stored_session(db, fresh_token).session.state == "withdrawn"


def test_one_progress_line_and_a_wrong_key_says_what_to_do(
    page: Any, base_url: str, fresh_token: str
) -> None:
    page.goto(f"{base_url}/p/{fresh_token}?timing=1")
    assert page.evaluate("window.__iatHarnessStart()") is True
    next_entry(page, 0)
    assert page.locator("body").inner_text().count("Bloc 1 sur 7") == 1
    page.keyboard.press("Space")
    first = next_entry(page, 1)
    assert page.locator("body").inner_text().count("Bloc 1 sur 7") == 1
    page.keyboard.press("i" if first["key"] == "e" else "e")
    hint = page.locator(".iat-hint")
    hint.wait_for(state="visible")
    assert hint.inner_text() == "Appuyez sur l'autre touche."


def test_a_withdrawal_that_cannot_reach_the_server_says_so_and_keeps_the_step(
    page: Any, base_url: str, fresh_token: str, db_sessions: sessionmaker[Session]
) -> None:
    agree(page, f"{base_url}/p/{fresh_token}")
    page.route("**/api/v1/participant/withdraw", lambda route: route.abort())
    withdraw_link(page).click()
    page.get_by_role("button", name="Oui, effacer mes données").click()
    problem = page.locator(".p-confirm-problem")
    problem.wait_for(state="visible")
    assert "serveur est injoignable" in problem.inner_text()
    assert page.evaluate("document.querySelector('#app').dataset.step") == "device"
    page.unroute("**/api/v1/participant/withdraw")
    page.get_by_role("button", name="Oui, effacer mes données").click()  # tried again
    step_is(page, "withdrawn")
    with db_sessions() as db:
        assert stored_session(db, fresh_token).session.state == "withdrawn"
