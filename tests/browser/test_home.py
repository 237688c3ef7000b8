"""The home page in real headless Chromium: French by default, English on request."""

from __future__ import annotations

from typing import Any


def test_home_renders_in_french_by_default(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "Mesurer la culture client" in page.locator("h1").inner_text()


def test_home_renders_in_english_with_lang_query(page: Any, base_url: str) -> None:
    page.goto(base_url + "/?lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Measure your organisation" in page.locator("h1").inner_text()


def test_pages_are_cross_origin_isolated(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    assert page.evaluate("window.crossOriginIsolated") is True
