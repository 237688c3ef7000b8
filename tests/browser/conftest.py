"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright against a live app.

Browser tests run on SQLite only (DESIGN: keep CI inside its time budget). Outside CI a
missing browser skips them loudly; with CI=true it is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from app.config import Mode, Settings
from app.db.engine import build_engine, build_sessionmaker
from app.db.migrate import upgrade
from tests.support.invitations import demo_invitation
from tests.support.live_server import live_server

CHROMIUM = Path(os.environ.get("IAT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"!!! {CHROMIUM} not found: browser tests cannot run (apt-get install chromium) !!!"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    var_dir = tmp_path_factory.mktemp("browser-var")
    url = f"sqlite:///{(var_dir / 'browser.sqlite3').as_posix()}"
    upgrade(url)
    return Settings(database_url=url, mode=Mode.TEST, var_dir=var_dir, secret_key="browser")


@pytest.fixture(scope="session")
def base_url(browser_settings: Settings) -> Iterator[str]:
    with live_server(browser_settings) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def db_sessions(browser_settings: Settings) -> Iterator[sessionmaker[Session]]:
    """Sessions on the live server's database, to prepare links and check what was stored."""
    engine = build_engine(browser_settings.database_url)
    yield build_sessionmaker(engine)
    engine.dispose()


@pytest.fixture
def fresh_token(db_sessions: sessionmaker[Session], browser_settings: Settings) -> str:
    """The token of a new invitation in the demo campaign (never opened)."""
    with db_sessions() as db:
        return demo_invitation(db, browser_settings)
