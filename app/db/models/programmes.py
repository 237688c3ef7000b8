"""Programmes (waves of the same organisation's measurement) and teams' customer outcomes."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, CreatedAtMixin, enum_check
from app.domain import OutcomeDirection

# Foreign keys SQLite holds as a column constraint (added by ALTER TABLE, no table copy):
# (table, columns); alembic's drift check skips them there (migrations/env.py).
SQLITE_INLINE_FOREIGN_KEYS = frozenset({("campaigns", ("programme_id",))})


class Programme(CreatedAtMixin, Base):
    """A repeated measurement of one organisation: its campaigns are the waves.

    Teams are followed across waves by id: a renamed team keeps its id (and its history);
    a split team's new teams are created below it (``teams.parent_id``), so the parent's
    row keeps covering the same people from wave to wave.
    """

    __tablename__ = "programmes"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))


class TeamOutcome(CreatedAtMixin, Base):
    """A team-level customer indicator (NPS, CSAT, churn …) for one period, tied to a campaign."""

    __tablename__ = "team_outcomes"
    __table_args__ = (
        UniqueConstraint("campaign_id", "team_id", "metric", "period"),
        enum_check("direction", OutcomeDirection),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    metric: Mapped[str] = mapped_column(String(100))
    value: Mapped[float] = mapped_column(Float)
    n_customers: Mapped[int | None] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(50))
    direction: Mapped[str] = mapped_column(String(20))
