"""Page weight: every script and style sheet the participant page loads stays under 60 KB."""

from __future__ import annotations

from typing import Any

from tests.support.page_driver import step_is

# JS + CSS of the test page; the questionnaire, the end page, the withdrawal confirmation and
# the simulation mode (js/**/on-demand/) load when needed.
BUDGET_BYTES = 60_000


def test_participant_page_scripts_and_styles_fit_the_budget(
    page: Any, base_url: str, fresh_token: str
) -> None:
    sizes: dict[str, int] = {}
    external: list[str] = []

    def record(response: Any) -> None:
        if not response.url.startswith(base_url):
            external.append(response.url)
        elif response.url.endswith((".js", ".css")):
            sizes[response.url] = len(response.body())

    page.on("response", record)
    page.goto(f"{base_url}/p/{fresh_token}")
    step_is(page, "language")
    page.wait_for_load_state("networkidle")
    assert external == []
    assert any(url.endswith("/iat/engine.js") for url in sizes)
    assert not [url for url in sizes if "/on-demand/" in url or "/questionnaire/" in url]
    total = sum(sizes.values())
    print(f"participant page: {len(sizes)} files, {total} bytes of JS + CSS")
    assert total < BUDGET_BYTES, sorted(sizes.items(), key=lambda item: -item[1])
