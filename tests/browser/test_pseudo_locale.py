"""The participant's whole way in real Chromium, in a pseudo-language: nothing unwrapped shows.

Every text node and read-aloud attribute the page ever displays (language choice, consent,
device check, instructions, stimuli, pauses, questionnaire, end page and feedback) is recorded
by a MutationObserver while the simulation mode answers; once the ⟦…⟧ parts are removed only
names, entered text, numbers and machine codes may remain (tests/support/pseudo_locale.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.config import Mode, Settings
from app.db.engine import build_engine, build_sessionmaker
from app.db.migrate import upgrade
from iat import Language
from tests.support import pseudo_locale
from tests.support.invitations import invite
from tests.support.live_server import live_server
from tests.support.page_driver import step_is

XX = pseudo_locale.PSEUDO
RECORDER = """
window.__iatSeen = new Set();
const seen = window.__iatSeen;
const ATTRIBUTES = ['aria-label', 'title', 'alt', 'placeholder'];
const hidden = (node) => node.parentElement?.closest('script, style, noscript');
const record = (root) => {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  for (let node = root; node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) {
      if (node.data.trim() && !hidden(node)) seen.add(node.data.trim());
    } else if (node.getAttribute) {
      ATTRIBUTES.forEach((name) => node.getAttribute(name) && seen.add(node.getAttribute(name)));
    }
  }
};
new MutationObserver((mutations) => mutations.forEach((m) => {
  if (m.type === 'childList') m.addedNodes.forEach(record); else record(m.target);
})).observe(document, {
  subtree: true, childList: true, characterData: true,
  attributes: true, attributeFilter: ATTRIBUTES,
});
document.addEventListener('DOMContentLoaded', () => record(document.body));
"""


def test_the_participant_reads_only_catalogue_and_data_text(
    page: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Only ``xx`` is offered: the language step names every offered language in itself."""
    pseudo = pseudo_locale.install(monkeypatch, tmp_path)
    url = f"sqlite:///{(tmp_path / 'xx.sqlite3').as_posix()}"
    upgrade(url)
    settings = Settings(
        database_url=url, mode=Mode.TEST, var_dir=tmp_path, secret_key="xx", languages=XX
    )
    engine = build_engine(url)
    try:
        with build_sessionmaker(engine)() as db:
            campaign = pseudo_locale.xx_campaign(db, settings, pseudo)
            campaign.employee_feedback = True
            db.commit()
            token, allowed = invite(db, campaign), pseudo_locale.allowed_words(db, campaign)
        with live_server(settings) as base_url:
            page.add_init_script(RECORDER)
            page.goto(f"{base_url}/p/{token}?simulate=0.02&lang={XX}")
            step_is(page, "end", 90_000)
            page.locator(".p-feedback").wait_for(state="visible", timeout=30_000)
            seen: list[str] = page.evaluate("Array.from(window.__iatSeen)")
    finally:
        engine.dispose()
        pseudo_locale.uninstall()
    label = pseudo.study.categories.target_a.labels[Language(XX)]
    assert any(label in text for text in seen), "the test's labels were shown"
    assert pseudo.questionnaire.items[0].text[XX] in seen, "the questionnaire was shown"
    escaped = {text: pseudo_locale.escaped(text, allowed | {"X"}) for text in seen}
    assert {text: rest for text, rest in escaped.items() if rest} == {}
