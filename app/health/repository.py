"""Database reachability."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session


def ping(db: Session) -> None:
    db.execute(text("SELECT 1"))


def schema_revisions(db: Session) -> set[str]:
    """The alembic revisions the database is at (empty: never migrated)."""
    try:
        rows = db.execute(text("SELECT version_num FROM alembic_version")).scalars()
        return set(rows)
    except ProgrammingError:  # PostgreSQL: no such table
        db.rollback()
        return set()
    except OperationalError as exc:  # SQLite: no such table; anything else is an outage
        if "no such table" not in str(exc):
            raise
        db.rollback()
        return set()
