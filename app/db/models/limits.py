"""Throttling and rate-limit state, kept in the database so every worker shares it (DESIGN §8)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base


class RateLimitBucket(Base):
    """A fixed-window counter: ``bucket_key`` (e.g. ``login:<email>`` or ``token:<id>``)."""

    __tablename__ = "rate_limit_buckets"
    __table_args__ = (CheckConstraint("hits >= 0", name="hits_non_negative"),)

    bucket_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    window_started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    hits: Mapped[int] = mapped_column(Integer, default=0)
