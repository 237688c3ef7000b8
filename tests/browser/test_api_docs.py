"""/docs in real headless Chromium with every other origin cut off: Swagger UI still shows the
API, and nothing on the page breaks its Content-Security-Policy (issue 16, item 5)."""

from __future__ import annotations

from typing import Any


def test_api_docs_render_offline(page: Any, base_url: str) -> None:
    requested: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    # Offline: anything not served by the platform itself fails.
    page.route(
        lambda url: not url.startswith(base_url), lambda route: route.abort("internetdisconnected")
    )
    page.goto(base_url + "/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/hr/campaigns" in path for path in paths), paths[:5]
    assert [url for url in requested if not url.startswith(base_url)] == []
    assert problems == []
    assert page.evaluate("window.crossOriginIsolated") is True
