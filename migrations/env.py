"""Alembic environment: one history for SQLite and PostgreSQL (batch mode for SQLite)."""

from __future__ import annotations

from logging.config import fileConfig
from typing import Any

from alembic import context
from sqlalchemy import Connection

import app.db.models  # noqa: F401  (registers every table on Base.metadata)
from app.config import get_settings
from app.db.base import Base
from app.db.engine import build_engine
from app.db.models.programmes import SQLITE_INLINE_FOREIGN_KEYS
from app.db.models.responses import STATEMENT_CHECKED_FOREIGN_KEYS

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or get_settings().effective_database_url


def _include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """On PostgreSQL, the foreign keys that triggers keep (migration 0006) are not drift."""
    return not (type_ == "foreign_key_constraint" and name in STATEMENT_CHECKED_FOREIGN_KEYS)


def _include_sqlite_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """On SQLite, a foreign key added with its column (ALTER TABLE ADD COLUMN … REFERENCES,
    migration 0012) is enforced, but SQLAlchemy reflects it without its name and ON DELETE:
    it is not drift."""
    if type_ != "foreign_key_constraint":
        return True
    columns = tuple(column.name for column in obj.columns)
    return (obj.table.name, columns) not in SQLITE_INLINE_FOREIGN_KEYS


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=_include_object
        if connection.dialect.name == "postgresql"
        else _include_sqlite_object,
    )


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=_url().startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = build_engine(_url())
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
