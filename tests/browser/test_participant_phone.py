"""On a phone (touch, small viewport): reading the instructions by swiping never starts a block,
only their button does; category labels never break inside a word."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from iat import Language, StudyDefinition
from iat.catalogue import list_builtin_studies
from tests.support.page_driver import next_entry, runs
from tests.support.stored_session import stored_session

PHONE = {"width": 360, "height": 640}
RESPONSE_JS = "(i) => window.__iatTiming.trials[i].response"


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        has_touch=True, is_mobile=True, viewport=PHONE, device_scale_factor=2
    )
    yield context.new_page()
    context.close()


def swipe_up(page: Any, x: float, y_from: float, y_to: float) -> None:
    """A finger moving up the screen (to read further down), as the touchscreen sends it."""
    cdp = page.context.new_cdp_session(page)

    def touch(kind: str, *points: dict[str, float]) -> None:
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": list(points)})

    steps = 8
    touch("touchStart", {"x": x, "y": y_from})
    for step in range(1, steps + 1):
        touch("touchMove", {"x": x, "y": y_from + (y_to - y_from) * step / steps})
    touch("touchEnd")
    cdp.detach()


def open_touch_mode(page: Any, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Français").tap()
    page.get_by_role("button", name="J'accepte de participer").tap()
    page.get_by_role("button", name="Utiliser le mode tactile").tap()


def test_swiping_through_long_instructions_never_starts_the_block(
    phone: Any, base_url: str, fresh_token: str, db_sessions: sessionmaker[Session]
) -> None:
    open_touch_mode(phone, f"{base_url}/p/{fresh_token}?timing=1")
    assert next_entry(phone, 0)["kind"] == "instruction"
    height = phone.evaluate("document.scrollingElement.scrollHeight")
    assert height > PHONE["height"], "block 1's instructions are taller than the screen"
    swipe_up(phone, 180, 560, 120)
    swipe_up(phone, 180, 560, 120)
    phone.wait_for_timeout(400)
    assert phone.evaluate(RESPONSE_JS, 0) is None, "a swipe started the block"
    assert phone.evaluate("window.scrollY") > 0, "the swipes scrolled the instructions"
    phone.tap(".iat-instruction-title")  # a plain tap on the text is not "continue" either
    phone.wait_for_timeout(400)
    assert phone.evaluate(RESPONSE_JS, 0) is None
    assert phone.evaluate("window.__iatTiming.trials.length") == 1
    assert runs(phone) == []
    start = phone.locator(".iat-instruction-start")
    assert start.inner_text() == "Commencer"
    start.tap()
    assert next_entry(phone, 1)["kind"] == "stimulus"
    assert phone.evaluate(RESPONSE_JS, 0)["key"] == " "
    assert runs(phone) == [1]
    with db_sessions() as db:
        assert stored_session(db, fresh_token).session.input_modality == "touch"


# Every word of each label: one line box (a word split over two lines has two).
LABEL_CHECK = """async ({labels, large}) => {
  const { createDisplay } = await import('/static/js/iat/display.js');
  document.documentElement.classList.toggle('p-large', large);
  const app = document.querySelector('#app');
  app.classList.add('p-testing');
  const root = document.createElement('div');
  app.replaceChildren(root);
  const display = createDisplay(root, { touchTexts: { left: 'G', right: 'D', next: 'C' } });
  const problems = [];
  for (const [left, right] of labels) {
    display.showLabels(left, right, ' ou ');
    const corners = [...root.querySelectorAll('.iat-corner')]
      .map((c) => c.getBoundingClientRect());
    if (corners[0].right > corners[1].left) problems.push(['overlap', left, right]);
    if (corners[0].left < 0 || corners[1].right > innerWidth) problems.push(['off', left, right]);
    for (const label of root.querySelectorAll('.iat-label')) {
      const style = getComputedStyle(label);
      const breaking = [style.overflowWrap, style.wordBreak, style.hyphens].join(' ');
      if (breaking !== 'normal normal none') problems.push(['may break words', breaking]);
      for (const word of label.querySelectorAll('.iat-word')) {
        const range = document.createRange();
        range.selectNodeContents(word);
        if (range.getClientRects().length !== 1) problems.push(['word split', word.textContent]);
      }
      const shown = label.innerText.replace(/\\n/g, ' ');
      if (label.textContent !== shown) problems.push(['text', label.textContent, shown]);
    }
  }
  return problems;
}"""


def _block_labels(study: StudyDefinition, language: Language) -> list[list[list[dict[str, str]]]]:
    """Each side's labels in the combined blocks, both sides of each pairing."""

    def item(category: Any, kind: str) -> dict[str, str]:
        return {"label": category.labels[language], "kind": kind}

    c = study.categories
    a = item(c.target_a, "target")
    pos, neg = item(c.attribute_pos, "attribute"), item(c.attribute_neg, "attribute")
    if c.target_b is None:  # a single-category IAT: one target beside either attribute
        return [[[a, pos], [neg]], [[pos], [a, neg]]]
    b = item(c.target_b, "target")
    return [[[a, pos], [b, neg]], [[b, pos], [a, neg]], [[a, neg], [b, pos]], [[b, neg], [a, pos]]]


@pytest.mark.parametrize("width", [320, 360, 390])
def test_category_labels_never_break_inside_a_word(
    browser: Any, base_url: str, fresh_token: str, width: int
) -> None:
    viewport = {"width": width, "height": 700}
    context = browser.new_context(has_touch=True, is_mobile=True, viewport=viewport)
    page = context.new_page()
    try:
        page.goto(f"{base_url}/p/{fresh_token}")
        page.wait_for_selector(".p-screen")
        labels = [
            sides
            for study in list_builtin_studies()
            for language in study.languages
            for sides in _block_labels(study, language)
        ]
        for large in (False, True):
            assert page.evaluate(LABEL_CHECK, {"labels": labels, "large": large}) == []
    finally:
        context.close()
