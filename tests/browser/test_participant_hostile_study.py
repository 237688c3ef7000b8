"""A study whose stimulus and label contain markup: the page shows them as text, runs nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.demo.organisation import load_demo
from app.instruments import repository as instruments
from iat import load_builtin_study, parse_study, study_document
from tests.support.invitations import named_campaign_invitation
from tests.support.page_driver import step_is
from tests.support.stored_session import stored_session

STIMULUS = "<script>window.__pwned = 1</script>"
LABEL = "<img src=x onerror=window.__pwned=2>"


def _hostile_study() -> dict[str, Any]:
    document = study_document(load_builtin_study("default"))
    document.pop("version")
    document["id"] = "hostile"
    target_a = document["categories"]["target_a"]
    target_a["stimuli"]["fr"][0] = {"type": "text", "text": STIMULUS}
    target_a["labels"]["fr"] = LABEL
    return study_document(parse_study(document))


def _hostile_invitation(db: Session, settings: Settings) -> str:
    load_demo(db, settings)
    study = _hostile_study()
    stored = instruments.get_or_add_study(db, "hostile", study["version"], study)
    db.commit()
    return named_campaign_invitation(db, settings, "Hostile study", study_id=stored.id)


def test_markup_in_stimuli_and_labels_is_shown_as_text(
    page: Any, base_url: str, browser_settings: Settings, db_sessions: sessionmaker[Session]
) -> None:
    with db_sessions() as db:
        token = _hostile_invitation(db, browser_settings)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{base_url}/p/{token}?simulate=0.05")
    page.wait_for_function(
        "(label) => document.body.textContent.includes(label)", arg=LABEL, timeout=30_000
    )
    page.wait_for_function(
        "(text) => [...document.querySelectorAll('.iat-stim')].some(e => e.textContent === text)",
        arg=STIMULUS,
        polling="raf",
        timeout=60_000,
    )
    step_is(page, "end", 90_000)
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("#app script, #app img").count() == 0
    assert dialogs == []
    with db_sessions() as db:
        trials = stored_session(db, token).trials
        assert any(t.stimulus_id == "target_a:1" for t in trials)
