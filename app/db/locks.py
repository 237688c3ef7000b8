"""Background work that runs once across every server of one database.

Several ``iat serve`` processes, on one machine or several, share one PostgreSQL database;
a job that all of them start (the retention purge at start-up, a periodic refresh) must run
in one of them at a time. ``run_once(db, name)`` takes a PostgreSQL transaction-level
advisory lock (``pg_try_advisory_xact_lock``) named after the job: the first server gets it
and runs the job in that transaction, the others are told to skip (the lock ends with the
transaction, so a crashed server never leaves it behind). Use it at the start of the job's
transaction and commit (or roll back) to end it::

    with run_once(db, "aggregates.refresh") as mine:
        if mine:
            refresh(db)
            db.commit()

On SQLite (one machine) the database has a single write lock, taken for the rest of the
transaction with a no-op write before the job reads anything: a second process waits for
the first one's commit instead of skipping, then finds the work done. Jobs must therefore be
idempotent, which every job here is (each one reads what is still to do).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.orm import Session


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``name`` (PostgreSQL advisory locks take a bigint)."""
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def try_lock(db: Session, name: str) -> bool:
    """Take the job's lock in ``db``'s transaction (until its commit or rollback); False when
    another transaction (another server) holds it."""
    if db.get_bind().dialect.name == "postgresql":
        taken = db.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": lock_key(name)})
        return bool(taken.scalar_one())
    # SQLite: BEGIN IMMEDIATE's effect, portable: a write that changes nothing takes the
    # database's write lock (alembic's own table exists in every migrated database).
    db.execute(text("UPDATE alembic_version SET version_num = version_num"))
    return True


@contextmanager
def run_once(db: Session, name: str) -> Iterator[bool]:
    """Yield whether this server runs job ``name`` now (see the module docstring). On leaving
    without a commit, the transaction (and with it the lock) is rolled back."""
    mine = try_lock(db, name)
    try:
        yield mine
    finally:
        if db.in_transaction():
            db.rollback()
