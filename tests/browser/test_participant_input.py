"""Real input in headless Chromium: full-speed key presses, taps on the touch zones, held keys."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from tests.support.page_driver import click_through_questionnaire, drive, next_entry, step_is
from tests.support.stored_session import assert_complete_test, stored_session

ENTRIES_PER_SESSION = 7 + 6 + 200  # block instructions, pauses, trials


def harness_start(page: Any, base_url: str, token: str) -> None:
    page.goto(f"{base_url}/p/{token}?timing=1")
    assert page.evaluate("window.__iatHarnessStart()") is True


def test_full_session_with_real_key_presses_at_full_speed(
    page: Any, base_url: str, fresh_token: str, db_sessions: sessionmaker[Session]
) -> None:
    harness_start(page, base_url, fresh_token)
    entries = drive(page, 0, ENTRIES_PER_SESSION)
    assert [e["kind"] for e in entries[:2]] == ["instruction", "stimulus"]
    assert all(e["key"] == " " for e in entries if e["kind"] == "instruction")
    assert sum(e["kind"] == "stimulus" for e in entries) == 200
    click_through_questionnaire(page)
    step_is(page, "end", 60_000)
    assert page.locator("html").get_attribute("lang") == "fr"
    with db_sessions() as db:
        stored = stored_session(db, fresh_token)
        assert stored.session.state == "completed"
        assert_complete_test(stored)
        assert not any(t.error for t in stored.trials)  # the expected key every time
        assert {t.onset_method for t in stored.trials} <= {"paint", "rafNow"}
        assert all(t.input_modality == "keyboard" for t in stored.trials)
        assert any(s.kind == "iat_d" for s in stored.scores)


def test_touch_mode_block_with_taps_on_the_zones(
    browser: Any, base_url: str, fresh_token: str, db_sessions: sessionmaker[Session]
) -> None:
    context = browser.new_context(has_touch=True, viewport={"width": 800, "height": 600})
    page = context.new_page()
    try:
        page.goto(f"{base_url}/p/{fresh_token}?timing=1")
        page.get_by_role("button", name="Français").tap()
        page.get_by_role("button", name="J'accepte de participer").tap()
        page.get_by_role("button", name="Utiliser le mode tactile").tap()
        page.wait_for_selector(".iat-zone--right", state="attached")
        assert page.locator(".iat-zone").count() == 2
        drive(page, 0, 1 + 20, touch=True)
        next_entry(page, 21)  # the pause screen after block 1
    finally:
        context.close()
    with db_sessions() as db:
        stored = stored_session(db, fresh_token)
        assert stored.session.input_modality == "touch"
        trials = stored.trials_of(1)
        assert len(trials) == 20
        assert all(t.input_modality == "touch" and not t.error for t in trials)


def test_a_held_key_records_one_response(
    page: Any, base_url: str, fresh_token: str, db_sessions: sessionmaker[Session]
) -> None:
    harness_start(page, base_url, fresh_token)
    drive(page, 0, 1)  # block 1 instructions
    first = next_entry(page, 1)
    page.keyboard.down(first["key"])
    second = next_entry(page, 2)
    page.keyboard.down(first["key"])  # auto-repeat of the same, still held key
    page.wait_for_timeout(300)
    assert page.evaluate("window.__iatTiming.trials[2].response") is None
    page.keyboard.up(first["key"])
    wrong = "i" if second["key"] == "e" else "e"
    page.keyboard.down(wrong)
    page.keyboard.down(wrong)  # held wrong key: one error, not a correction
    page.keyboard.up(wrong)
    page.keyboard.press(second["key"])
    drive(page, 3, 18)
    next_entry(page, 21)
    trials = _stored_block(db_sessions, fresh_token, 1, 20)
    assert (trials[0].error, trials[0].first_key) == (False, first["key"])
    assert (trials[1].error, trials[1].first_key) == (True, wrong)
    assert trials[1].latency_ms > trials[1].first_latency_ms
    assert not any(t.error for t in trials[2:])


def _stored_block(
    db_sessions: sessionmaker[Session], token: str, block: int, n: int, wait_s: float = 30.0
) -> list[Any]:
    """Block ``block``'s stored trials once its upload has landed (the page uploads in the
    background while the next block runs, so on a loaded machine the rows come a moment later)."""
    deadline = time.monotonic() + wait_s
    while True:
        with db_sessions() as db:
            trials = list(stored_session(db, token).trials_of(block))
        if len(trials) >= n or time.monotonic() > deadline:
            assert len(trials) == n
            return trials
        time.sleep(0.2)
