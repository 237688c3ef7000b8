"""Whole participant sessions in headless Chromium, answered by the simulation mode."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from tests.support.stored_session import assert_complete_test, stored_session

FAST = 0.02


def open_simulated(page: Any, base_url: str, token: str, lang: str, scale: float = FAST) -> None:
    page.goto(f"{base_url}/p/{token}?simulate={scale}&lang={lang}")


@pytest.mark.parametrize(
    ("lang", "end_title", "first_words"),
    [("fr", "Merci de votre participation", "Vous avez classé"), ("en", "Thank you", "You sorted")],
)
def test_simulated_session_completes_and_is_stored(
    page: Any,
    base_url: str,
    fresh_token: str,
    db_sessions: sessionmaker[Session],
    lang: str,
    end_title: str,
    first_words: str,
) -> None:
    open_simulated(page, base_url, fresh_token, lang)
    page.wait_for_selector("#app[data-step='end']", timeout=60_000)
    assert end_title in page.locator("h1").inner_text()
    assert page.locator("html").get_attribute("lang") == lang
    assert first_words in page.locator(".p-feedback").inner_text()
    with db_sessions() as db:
        stored = stored_session(db, fresh_token)
        assert stored.session.state == "completed"
        assert stored.session.language == lang
        assert stored.session.input_modality == "keyboard"
        assert_complete_test(stored)
        assert any(score.kind == "iat_d" and score.value is not None for score in stored.scores)
