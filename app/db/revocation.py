"""Credentials that stop working once revoked: links, API tokens, login sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, DateTime, update
from sqlalchemy.orm import Mapped, Session, mapped_column


class RevocableMixin:
    """``revoked_at``: when the credential was withdrawn (None while it still works)."""

    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


def revoke(
    db: Session, model: type[RevocableMixin], now: datetime, *where: ColumnElement[bool]
) -> None:
    """Revoke, as of ``now``, every row of ``model`` matching ``where`` that still works."""
    statement = update(model).where(*where, model.revoked_at.is_(None))
    db.execute(statement.values(revoked_at=now))
