"""Nothing is lost: a reload resumes at the interrupted block; offline does not stop the test."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from app.db.base import utc_now
from app.db.models import Invitation
from app.security import token_hash
from tests.support.page_driver import runs, step_is
from tests.support.stored_session import assert_complete_test, stored_session

SCALE = 0.05


def wait_block(page: Any, index: int, timeout_ms: float = 30_000) -> None:
    page.wait_for_function(
        "(i) => Number(document.querySelector('#app').dataset.block) >= i",
        arg=index,
        timeout=timeout_ms,
    )


def test_reload_in_block_4_resumes_at_block_4(
    page: Any, base_url: str, fresh_token: str, db_sessions: sessionmaker[Session]
) -> None:
    page.goto(f"{base_url}/p/{fresh_token}?simulate={SCALE}")
    wait_block(page, 4)
    page.wait_for_timeout(400)  # well inside block 4 (40 trials)
    assert runs(page) == [1, 2, 3, 4]
    page.reload()
    wait_block(page, 4)
    assert runs(page)[0] == 4
    step_is(page, "end", 60_000)
    assert runs(page) == [4, 5, 6, 7]
    with db_sessions() as db:
        stored = stored_session(db, fresh_token)
        assert stored.session.state == "completed"
        assert_complete_test(stored)


def test_offline_during_the_test_loses_nothing(
    browser: Any, base_url: str, fresh_token: str, db_sessions: sessionmaker[Session]
) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{base_url}/p/{fresh_token}?simulate={SCALE}")
        wait_block(page, 2)
        context.set_offline(True)
        wait_block(page, 4)  # the test goes on while the server is unreachable
        page.wait_for_selector(".p-offline", state="visible")
        pending = page.evaluate(
            "Object.keys(localStorage).filter(k => k.startsWith('iat-upload:'))"
            ".map(k => JSON.parse(localStorage.getItem(k)).map(item => item.id)).flat()"
        )
        assert "block-2" in pending or "block-3" in pending
        context.set_offline(False)
        step_is(page, "end", 60_000)
        assert page.locator(".p-offline").is_hidden()
        assert (
            page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('iat-upload:'))")
            == []
        )
    finally:
        context.close()
    with db_sessions() as db:
        stored = stored_session(db, fresh_token)
        assert stored.session.state == "completed"
        assert_complete_test(stored)


def test_a_link_revoked_during_the_test_is_explained_and_nothing_is_dropped(
    page: Any, base_url: str, fresh_token: str, db_sessions: sessionmaker[Session]
) -> None:
    """Blocks refused for good (here 410: HR replaced the link mid-test) stay in the browser,
    and once the test is over the participant is told why instead of waiting forever."""
    page.goto(f"{base_url}/p/{fresh_token}?simulate={SCALE}")
    wait_block(page, 2)
    with db_sessions() as db:
        db.execute(
            update(Invitation)
            .where(Invitation.token_hash == token_hash(fresh_token))
            .values(revoked_at=utc_now())
        )
        db.commit()
    step_is(page, "error", 60_000)
    alert = page.locator("[role=alert]")
    assert "Ce lien n'est pas (ou plus) valide" in alert.inner_text()
    assert alert.locator("button").count() == 0  # nothing to retry with this link
    pending = page.evaluate(
        "Object.keys(localStorage)"
        ".filter(k => k.startsWith('iat-upload:') && !k.endsWith(':conflicts'))"
        ".map(k => JSON.parse(localStorage.getItem(k)).map(item => item.id)).flat()"
    )
    assert pending and pending[-1] == "block-7"
    with db_sessions() as db:
        stored = stored_session(db, fresh_token)
        blocks_stored = {trial.block_index for trial in stored.trials}
    assert blocks_stored | {int(b.removeprefix("block-")) for b in pending} == set(range(1, 8))
