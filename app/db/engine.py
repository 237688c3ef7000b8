"""Engine and session factory. Nothing here connects until a session is used."""

from __future__ import annotations

import fcntl
import os
import threading
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

_SQLITE_WRITE_GATES: WeakKeyDictionary[Engine, SqliteWriteGate] = WeakKeyDictionary()
_GATES_GUARD = threading.Lock()


class SqliteWriteGate:
    """One SQLite writer at a time across the threads and processes of this server.

    SQLite has a single write lock, and a writer that finds it taken polls: its busy handler
    sleeps 1, 2, 5 ... 100 ms between attempts, so under load a few unlucky requests wait
    seconds while others keep winning. Writers queue here instead: a thread lock within the
    process, then ``flock`` on a file next to the database between processes (uvicorn
    workers); the kernel wakes the next waiter as soon as the holder is done. The thread
    that holds the gate may enter it again (a batch writer holds it around its transaction).
    """

    def __init__(self, database: str | None) -> None:
        self._thread_lock = threading.RLock()  # re-entered by write_transaction in a held turn
        self._depth = 0  # how many times the owning thread holds the gate
        in_memory = not database or database == ":memory:"
        self._path = None if in_memory else Path(f"{database}-writer.lock")
        self._fd: int | None = None

    def _file(self) -> int:
        if self._fd is None:
            assert self._path is not None
            self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        return self._fd

    def _acquire(self, blocking: bool) -> bool:
        if not self._thread_lock.acquire(blocking=blocking):
            return False
        if self._depth == 0 and self._path is not None:
            try:
                fcntl.flock(self._file(), fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
            except BlockingIOError:  # only without blocking: another process holds it
                self._thread_lock.release()
                return False
        self._depth += 1
        return True

    def try_acquire(self) -> bool:
        """Take the gate if it is free now; never waits (for callers on an event loop)."""
        return self._acquire(blocking=False)

    def release(self) -> None:
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._thread_lock.release()

    def __enter__(self) -> None:
        self._acquire(blocking=True)

    def __exit__(self, *_exc: object) -> None:
        self.release()


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """WAL for concurrent readers, enforced foreign keys, and a busy timeout for writers."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


# Sync routes run on anyio's 40 worker threads: a connection for each, so that under load a
# request neither waits for the pool nor opens (and closes) an overflow connection, which on
# SQLite also replays the connect PRAGMAs.
_POOL: dict[str, Any] = {"pool_size": 40, "max_overflow": 10}


def build_engine(url: str, *, sqlite_busy_timeout_ms: int = 10_000) -> Engine:
    """Create an engine for ``url`` (SQLite or PostgreSQL) with our connection settings."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        on_disk = bool(parsed.database) and parsed.database != ":memory:"
        if on_disk:
            Path(str(parsed.database)).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": sqlite_busy_timeout_ms / 1000},
            **(_POOL if on_disk else {}),  # in memory: one connection per thread, no queue
        )
        _configure_sqlite(engine, sqlite_busy_timeout_ms)
        return engine
    return create_engine(url, pool_pre_ping=True, **_POOL)


def build_sessionmaker(engine: Engine, info: dict[str, Any] | None = None) -> sessionmaker[Session]:
    """Sessions that do not expire objects on commit (services return them to routes);
    ``info`` is every session's ``Session.info`` (the app puts its outbox key there)."""
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=False, info=info)


def write_gate(engine: Engine | Any) -> AbstractContextManager[Any]:
    """What a writer of this process holds around its write transaction.

    SQLite: the engine's SqliteWriteGate. PostgreSQL locks rows, not the database: no gate.
    """
    if not isinstance(engine, Engine) or engine.dialect.name != "sqlite":
        return nullcontext()
    with _GATES_GUARD:
        gate = _SQLITE_WRITE_GATES.get(engine)
        if gate is None:
            gate = _SQLITE_WRITE_GATES[engine] = SqliteWriteGate(engine.url.database)
        return gate
