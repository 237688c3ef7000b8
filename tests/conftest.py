"""Shared fixtures: databases built by the real migrations on SQLite and PostgreSQL, the app
through real HTTP (TestClient), truncation after every test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, update
from sqlalchemy.orm import Session

from app.config import Mode, Settings
from app.db.base import Base
from app.db.engine import build_engine, build_sessionmaker
from app.db.migrate import upgrade
from app.mail.outbox import outbox_session_info
from app.main import create_app
from tests.support.databases import POSTGRES_ENV, TEST_SECRET_KEY, backends, fresh_database

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
SHARED_DIR = Path(__file__).resolve().parents[1].parent / "shared"


def pytest_report_header(config: pytest.Config) -> list[str]:
    lines = [f"database backends: {', '.join(backends())}"]
    if POSTGRES_ENV not in os.environ:
        lines.append(
            f"!!! {POSTGRES_ENV} is not set: PostgreSQL tests are SKIPPED (run `make test`) !!!"
        )
    return lines


def pytest_sessionstart(session: pytest.Session) -> None:
    if IN_CI and POSTGRES_ENV not in os.environ:
        pytest.exit(f"CI=true but {POSTGRES_ENV} is not set: PostgreSQL tests must run", 3)


@pytest.fixture(scope="session", params=backends())
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A database migrated to head, one per backend for the whole run."""
    with fresh_database(request.param, tmp_path_factory.mktemp("db")) as url:
        upgrade(url)
        yield url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    eng = build_engine(database_url)
    yield eng
    eng.dispose()


def _truncate(engine: Engine) -> None:
    teams = Base.metadata.tables["teams"]
    with Session(engine) as session, session.begin():
        session.execute(update(teams).values(parent_id=None))  # the tree is ON DELETE RESTRICT
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(delete(table))


@pytest.fixture
def db(engine: Engine, settings: Settings) -> Iterator[Session]:
    """A session on the test database, carrying the test app's outbox key (e-mails queued
    here are sealed as the app's are); every table is emptied after the test."""
    session = build_sessionmaker(engine, info=outbox_session_info(settings))()
    try:
        yield session
    finally:
        session.close()
        _truncate(engine)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url, mode=Mode.TEST, var_dir=tmp_path, secret_key=TEST_SECRET_KEY
    )


@pytest.fixture
def client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    """The real app over (in-process) HTTP; tables emptied afterwards."""
    app = create_app(settings)
    try:
        with TestClient(app) as test_client:
            yield test_client
    finally:
        app.state.engine.dispose()
        _truncate(engine)
