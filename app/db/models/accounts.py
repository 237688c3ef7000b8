"""HR accounts, manager scopes and research API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, CreatedAtMixin, enum_check
from app.db.revocation import HashedTokenMixin
from app.domain import HRRole


class HRUser(CreatedAtMixin, Base):
    """A workspace account. Platform admins belong to no organisation; everyone else does."""

    __tablename__ = "hr_users"
    __table_args__ = (
        enum_check("role", HRRole),
        CheckConstraint(
            "(role = 'platform_admin') = (organisation_id IS NULL)", name="org_matches_role"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ManagerTeam(Base):
    """Teams a manager may see aggregates of."""

    __tablename__ = "manager_teams"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("hr_users.id", ondelete="CASCADE"), primary_key=True
    )
    team_id: Mapped[int] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )


class ApiToken(CreatedAtMixin, HashedTokenMixin, Base):
    """A research API bearer token: SHA-256 stored, organisation-bound, scoped, expiring."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("hr_users.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(String(200))
    scopes: Mapped[list[str]] = mapped_column(JSON)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PasswordReset(CreatedAtMixin, HashedTokenMixin, Base):
    """A one-time password-reset link an admin hands over (SHA-256 of the token stored).

    ``revoked_at``: a newer link was minted for the account, or the account was disabled."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("hr_users.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
