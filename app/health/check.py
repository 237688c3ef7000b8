"""Health check use case."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.db import migrate
from app.errors import AppError
from app.health.repository import ping, schema_revisions
from app.i18n import N_


class DatabaseUnavailable(AppError):
    status_code = 503
    name = "DatabaseUnavailable"


def check_database(db: Session) -> str:
    """The database dialect name when a trivial query succeeds."""
    try:
        ping(db)
    except SQLAlchemyError as exc:
        raise DatabaseUnavailable(f"database unreachable: {type(exc).__name__}") from exc
    return db.get_bind().dialect.name


class NotReady(AppError):
    status_code = 503
    name = "NotReady"


def check_ready(db: Session) -> str:
    """Liveness plus "the database schema is at the code's latest migration": a server
    started against a database ``iat db upgrade`` has not reached yet is not ready."""
    dialect = check_database(db)
    try:
        current = schema_revisions(db)
    except SQLAlchemyError as exc:
        raise DatabaseUnavailable(f"database unreachable: {type(exc).__name__}") from exc
    expected = migrate.head_revisions()
    if current != expected:
        raise NotReady(
            N_("the database is at migration {current}, not at {head}: run iat db upgrade"),
            current=", ".join(sorted(current)) or "none",
            head=", ".join(sorted(expected)),
        )
    return dialect
