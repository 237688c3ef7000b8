"""Drive the participant page like a person would, through the timing hook (``?timing=1``)."""

from __future__ import annotations

from typing import Any

ENTRY_JS = """(i) => {
  const T = window.__iatTiming;
  const t = T && T.trials && T.trials[i];
  return t && t.onsetReady ? {kind: t.kind, key: t.expectedKey, stimulus: t.stimulus} : null;
}"""
ZONES = {"e": ".iat-zone--left", "i": ".iat-zone--right"}


def next_entry(page: Any, index: int, timeout_ms: float = 15_000) -> dict[str, str]:
    """The timing-hook entry ``index`` once its onset is final."""
    entry: dict[str, str] = page.wait_for_function(
        ENTRY_JS, arg=index, timeout=timeout_ms
    ).json_value()
    return entry


def answer(page: Any, entry: dict[str, str], touch: bool = False) -> None:
    """Press the expected key (space for a screen), or tap its zone (its button) in touch mode."""
    if entry["kind"] == "instruction":
        if touch:
            page.tap(".iat-instruction-start")
        else:
            page.keyboard.press("Space")
    elif touch:
        page.tap(ZONES[entry["key"]])
    else:
        page.keyboard.press(entry["key"])


def drive(page: Any, first: int, count: int, touch: bool = False) -> list[dict[str, str]]:
    """Answer ``count`` hook entries from index ``first``; returns them."""
    entries = []
    for index in range(first, first + count):
        entry = next_entry(page, index)
        answer(page, entry, touch)
        entries.append(entry)
    return entries


def step_is(page: Any, step: str, timeout_ms: float = 30_000) -> None:
    page.wait_for_function(
        "(s) => document.querySelector('#app').dataset.step === s", arg=step, timeout=timeout_ms
    )


def runs(page: Any) -> list[int]:
    """The blocks this page load has run so far, in order."""
    text: str = page.evaluate("document.querySelector('#app').dataset.run || ''")
    return [int(part) for part in text.split()]


def click_through_questionnaire(page: Any) -> None:
    """Go through every questionnaire page without answering (items are optional)."""
    step_is(page, "questionnaire")
    while True:
        progress = page.locator(".q-progress").inner_text()
        page.locator(".q-screen .p-btn--primary").click()
        page.wait_for_function(
            """(p) => {
              const app = document.querySelector('#app');
              const shown = document.querySelector('.q-progress');
              return app.dataset.step !== 'questionnaire' || (shown && shown.textContent !== p);
            }""",
            arg=progress,
        )
        if page.evaluate("document.querySelector('#app').dataset.step") != "questionnaire":
            return
