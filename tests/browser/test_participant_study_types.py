"""A single-category IAT and a Brief IAT run end to end in Chromium (the page answers itself in
simulation mode): the corners show the type's labels, every block is stored, and the session's
score is the type's D."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.demo.organisation import load_demo
from app.instruments import repository as instruments
from iat import load_builtin_study, study_document
from tests.support.invitations import named_campaign_invitation
from tests.support.page_driver import step_is
from tests.support.stored_session import stored_session


def _invitation(db: Session, settings: Settings, key: str) -> str:
    load_demo(db, settings)
    study = study_document(load_builtin_study(key))
    stored = instruments.get_or_add_study(db, key, study["version"], study)
    db.commit()
    return named_campaign_invitation(db, settings, f"Study {key}", study_id=stored.id)


@pytest.mark.parametrize(
    ("key", "n_trials", "name", "corner"),
    [
        ("customer-single", 144, "SCIAT-D", "Client"),
        ("customer-brief", 80, "BIAT-D", "Interne"),
    ],
)
def test_study_type_runs_to_the_end_and_is_scored(
    page: Any,
    base_url: str,
    browser_settings: Settings,
    db_sessions: sessionmaker[Session],
    key: str,
    n_trials: int,
    name: str,
    corner: str,
) -> None:
    with db_sessions() as db:
        token = _invitation(db, browser_settings, key)
    page.goto(f"{base_url}/p/{token}?simulate=0.02")
    page.wait_for_function(
        "(t) => [...document.querySelectorAll('.iat-label')].some(e => e.textContent === t)",
        arg=corner,
        polling="raf",
        timeout=60_000,
    )
    step_is(page, "end", 120_000)
    with db_sessions() as db:
        stored = stored_session(db, token)
        assert len(stored.trials) == n_trials
        scores = [s for s in stored.scores if s.kind == "iat_d"]
        assert [s.name for s in scores] == [name] and scores[0].value is not None
