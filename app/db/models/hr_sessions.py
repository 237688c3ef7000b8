"""HR login sessions: the server side of the signed session cookie.

The cookie carries the user id and a random nonce; only the nonce's SHA-256 is stored. Logging
out revokes the row, disabling the account revokes all of the user's rows, so a stolen or
old cookie stops working at once even though its signature is still valid.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, CreatedAtMixin
from app.db.revocation import RevocableMixin


class HRLoginSession(CreatedAtMixin, RevocableMixin, Base):
    __tablename__ = "hr_login_sessions"
    __table_args__ = (CheckConstraint("length(nonce_hash) = 64", name="nonce_hash_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("hr_users.id", ondelete="CASCADE"), index=True)
    nonce_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
