"""Team-level customer outcomes as the HR and research APIs read and import them."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from app.domain import OutcomeDirection
from app.inputs import FromOrm
from app.participants.schemas import ImportLineError

OUTCOME_COLUMNS = ("team", "metric", "value", "n_customers", "period", "direction")


class _Outcome(BaseModel):
    """One team's indicator for one period."""

    team_id: int
    metric: str
    value: float
    n_customers: int | None
    period: str
    direction: OutcomeDirection


class OutcomeImportRow(_Outcome):
    line: int
    team: str
    action: Literal["new", "update", "unchanged"] = Field(
        description="new; update: replaces the value stored for this team, metric and period; "
        "unchanged: the same as stored"
    )


class OutcomeImportPreview(BaseModel):
    rows: list[OutcomeImportRow]
    errors: list[ImportLineError]
    written: bool = False
    encoding: str | None = Field(
        default=None, description="the encoding detected in `csv_base64`; null for `csv` text"
    )

    @property
    def can_confirm(self) -> bool:
        return not self.errors and bool(self.rows)


class OutcomeRead(_Outcome, FromOrm):
    id: int
    campaign_id: int
    created_at: datetime
