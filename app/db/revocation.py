"""Credentials that stop working once revoked: links, API tokens, login sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ColumnElement, DateTime, String, update
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column


class RevocableMixin:
    """``revoked_at``: when the credential was withdrawn (None while it still works)."""

    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class HashedTokenMixin(RevocableMixin):
    """A bearer token (a link's or an API token) stored only as its SHA-256 in hex."""

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)

    @declared_attr.directive
    @classmethod
    def __table_args__(cls) -> tuple[CheckConstraint, ...]:
        return (CheckConstraint("length(token_hash) = 64", name="token_hash_sha256"),)


def revoke(
    db: Session, model: type[RevocableMixin], now: datetime, *where: ColumnElement[bool]
) -> None:
    """Revoke, as of ``now``, every row of ``model`` matching ``where`` that still works."""
    statement = update(model).where(*where, model.revoked_at.is_(None))
    db.execute(statement.values(revoked_at=now))
