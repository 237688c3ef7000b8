"""Stored team aggregates (README "Aggregates"): one row per campaign, and the changes not yet
folded into it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base


class CampaignAggregate(Base):
    """The dashboards of one campaign, computed when its data changed: ``payloads`` maps an
    audience (``""``: the whole organisation; a manager's sorted team ids joined by commas) to
    its ``DashboardRead`` as JSON. The row is also the lock that serialises refreshes."""

    __tablename__ = "campaign_aggregates"

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    payloads: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    computed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AggregateChange(Base):
    """A committed change to a campaign's data that the stored aggregates do not include yet
    (insert-only, so recording one never waits for a refresh in progress)."""

    __tablename__ = "aggregate_changes"
    __table_args__ = (Index("ix_aggregate_changes_campaign_id", "campaign_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))


class SessionHalves(Base):
    """One session's odd/even half D (both None: the scoring excluded it), computed once from
    its trials, so a refresh reads one row per person, not the trials."""

    __tablename__ = "session_halves"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("participant_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    d_odd: Mapped[float | None] = mapped_column(Float)
    d_even: Mapped[float | None] = mapped_column(Float)
