"""Throw-away databases for tests: a SQLite file, or a fresh PostgreSQL schema per run."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, make_url, text

POSTGRES_ENV = "IAT_TEST_POSTGRES_URL"


def backends() -> list[str]:
    """Database backends the suite runs on: SQLite always, PostgreSQL when configured."""
    return ["sqlite", "postgresql"] if os.environ.get(POSTGRES_ENV) else ["sqlite"]


def _with_search_path(url: str, schema: str) -> str:
    """``url`` whose connections use ``schema`` (psycopg passes ``options`` to the server)."""
    parsed = make_url(url).set(drivername="postgresql+psycopg")
    query = dict(parsed.query)
    query["options"] = f"-csearch_path={schema}"
    return parsed.set(query=query).render_as_string(hide_password=False)


@contextmanager
def fresh_database(backend: str, workdir: Path) -> Iterator[str]:
    """Yield the URL of an empty database on ``backend``; remove it afterwards."""
    if backend == "sqlite":
        path = workdir / f"test-{secrets.token_hex(4)}.sqlite3"
        yield f"sqlite:///{path.as_posix()}"
        return
    admin_url = make_url(os.environ[POSTGRES_ENV]).set(drivername="postgresql+psycopg")
    schema = f"t_{secrets.token_hex(6)}"
    admin: Engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _with_search_path(admin_url.render_as_string(hide_password=False), schema)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def quoted(url: str) -> str:
    return quote(url, safe="")


# The secret key of the tests' app (tests/conftest.py settings): it seals queued e-mails.
TEST_SECRET_KEY = "test-secret"
