"""The questionnaire in real Chromium: keyboard operable, saved per page, resumable after a
reload, nothing lost offline, and scored at the end (issue 6)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.db.models import QuestionnaireAnswer, Score
from tests.support.page_driver import step_is
from tests.support.stored_session import stored_session


def _to_questionnaire(page: Any, base_url: str, token: str) -> None:
    page.goto(f"{base_url}/p/{token}")
    step_is(page, "language")
    page.get_by_role("button", name="English").click()
    page.get_by_role("button", name="I agree to take part").click()
    step_is(page, "device")
    page.get_by_role("button", name="I cannot take the timed test").click()
    page.get_by_role("button", name="Confirm: skip the test").click()
    step_is(page, "questionnaire")
    page.wait_for_selector(".q-form")


def _progress(page: Any) -> str:
    text: str = page.locator(".q-progress").inner_text()
    return text


def _answer_visible_items(page: Any, value: str) -> list[str]:
    names: list[str] = page.evaluate(
        "[...new Set([...document.querySelectorAll('.q-item--scale input')].map(i => i.name))]"
    )
    for name in names:
        page.locator(f'input[name="{name}"][value="{value}"]').check()
    return names


def _next(page: Any) -> None:
    before = _progress(page)
    page.locator(".q-screen .p-btn--primary").click()
    page.wait_for_function(
        "(p) => { const s = document.querySelector('.q-progress');"
        " return document.querySelector('#app').dataset.step !== 'questionnaire'"
        " || (s && s.textContent !== p); }",
        arg=before,
    )


def test_questionnaire_by_keyboard_resumes_after_reload_and_survives_offline(
    browser: Any, base_url: str, fresh_token: str, db_sessions: sessionmaker[Session]
) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        _to_questionnaire(page, base_url, fresh_token)
        assert _progress(page) == "Page 1 of 5"
        first = page.locator(".q-item--scale input").first
        item = first.get_attribute("name")
        first.focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")  # native radios: arrows move the choice
        assert page.locator(f'input[name="{item}"]:checked').get_attribute("value") == "4"
        page_one = _answer_visible_items(page, "2")
        page.locator(f'input[name="{item}"][value="dk"]').check()  # "don't know"
        _next(page)
        page.reload()
        page.wait_for_selector(".q-form")
        assert _progress(page) == "Page 2 of 5"
        context.set_offline(True)
        page_two = _answer_visible_items(page, "5")
        _next(page)
        assert _progress(page) == "Page 3 of 5"
        context.set_offline(False)
        while page.evaluate("document.querySelector('#app').dataset.step") == "questionnaire":
            _next(page)
        step_is(page, "end", 30_000)
    finally:
        context.close()
    with db_sessions() as db:
        stored = stored_session(db, fresh_token)
        assert stored.session.state == "completed"
        answers = {
            a.item_id: a.value
            for a in db.scalars(
                select(QuestionnaireAnswer).where(
                    QuestionnaireAnswer.session_id == stored.session.id
                )
            )
        }
        assert answers[item] is None
        assert all(answers[name] == 2 for name in page_one if name != item)
        assert all(answers[name] == 5 for name in page_two)
        subscales = db.scalars(
            select(Score).where(
                Score.session_id == stored.session.id, Score.kind == "questionnaire_subscale"
            )
        ).all()
        assert {s.name for s in subscales} == {"LEAD", "CONN", "AUTO"}
