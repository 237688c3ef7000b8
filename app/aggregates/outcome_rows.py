"""The customer outcomes of a campaign's teams, as the linkage analysis reads them.

One query, against the ``team_outcomes`` table (campaign_id, team_id, metric, value, n_customers,
period, direction) that the outcome import fills. Written in SQL text so this module depends on
the table, not on its ORM class: when the class lands in ``app.db.models``, this one function is
what changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class OutcomeRow:
    team_id: int
    metric: str
    value: float
    n_customers: int | None
    period: str
    direction: str  # "higher_better" | "lower_better"


_QUERY = text(
    "SELECT team_id, metric, value, n_customers, period, direction FROM team_outcomes "
    "WHERE campaign_id = :campaign_id ORDER BY metric, period, team_id"
)


def team_outcome_rows(db: Session, campaign_id: int) -> Sequence[OutcomeRow]:
    """Every outcome row of the campaign, by metric, period and team."""
    result = db.execute(_QUERY, {"campaign_id": campaign_id})
    return [
        OutcomeRow(
            int(r[0]),
            str(r[1]),
            float(r[2]),
            None if r[3] is None else int(r[3]),
            str(r[4]),
            str(r[5]),
        )
        for r in result
    ]
