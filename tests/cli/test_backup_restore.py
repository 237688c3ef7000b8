"""The README's backup and restore (Production): ``pg_dump --format=custom`` of a live
database, ``pg_restore`` into a fresh one, and the app reads everything back — HR signs in
with the same password, the same rows are there, the schema is at head."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, make_url, select, text
from sqlalchemy.orm import Session

from app.config import Mode, Settings
from app.db.base import Base
from app.db.engine import build_engine
from app.db.migrate import upgrade
from app.demo.organisation import DemoInfo, load_demo
from app.main import create_app
from tests.support.databases import POSTGRES_ENV
from tests.support.servers import SECRET_KEY, require_postgres

pytestmark = pytest.mark.postgres


@pytest.fixture
def two_databases() -> Iterator[tuple[str, str]]:
    """Two new, empty databases (the live one and the one restored into)."""
    require_postgres()
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("!!! pg_dump / pg_restore are not installed: backup test SKIPPED !!!")
    admin_url = make_url(os.environ[POSTGRES_ENV]).set(drivername="postgresql+psycopg")
    names = [f"iat_backup_{secrets.token_hex(4)}", f"iat_restored_{secrets.token_hex(4)}"]
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    urls = [admin_url.set(database=name).render_as_string(hide_password=False) for name in names]
    try:
        yield urls[0], urls[1]
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _libpq(url: str) -> str:
    """The SQLAlchemy URL as pg_dump and pg_restore take it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _row_counts(url: str) -> dict[str, int]:
    engine = build_engine(url)
    with Session(engine) as db:
        counts = {
            table.name: int(db.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }
    engine.dispose()
    return counts


def _settings(url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=url, mode=Mode.TEST, var_dir=tmp_path, secret_key=SECRET_KEY)


def test_a_pg_dump_restored_into_a_fresh_database_is_read_back(
    two_databases: tuple[str, str], tmp_path: Path
) -> None:
    live, restored = two_databases
    upgrade(live)
    engine = build_engine(live)
    with Session(engine) as db:
        info: DemoInfo = load_demo(db, _settings(live, tmp_path))
    engine.dispose()
    dump = tmp_path / "iat.dump"
    commands = [
        ["pg_dump", "--format=custom", "--file", str(dump), _libpq(live)],
        ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", _libpq(restored), str(dump)],
    ]
    for command in commands:
        subprocess.run(command, check=True, capture_output=True, timeout=120)
    before = _row_counts(live)
    assert before["participants"] > 0 and before["hr_users"] > 0
    assert _row_counts(restored) == before
    with TestClient(create_app(_settings(restored, tmp_path))) as client:
        assert client.get("/readyz").status_code == 200
        login = {"email": info.hr_email, "password": info.hr_password}
        assert client.post("/api/v1/hr/login", json=login).status_code == 200
        campaigns = client.get("/api/v1/hr/campaigns")
        token = info.invitation_urls[0].rsplit("/", 1)[1]
        session = client.get(
            "/api/v1/participant/session", headers={"Authorization": f"Bearer {token}"}
        )
        client.app.state.engine.dispose()  # type: ignore[attr-defined]
    assert campaigns.status_code == 200 and campaigns.json()
    assert session.status_code == 200  # personal links keep working after a restore
