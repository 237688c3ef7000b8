"""Health check use case."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.errors import AppError
from app.health.repository import ping


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
