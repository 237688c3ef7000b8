"""Programmes and their waves as the HR API returns them."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.aggregates.suppression import WithheldReason
from app.inputs import FromOrm, StrictInput


class ProgrammeCreate(StrictInput):
    name: str = Field(min_length=1, max_length=200)


class ProgrammeRead(FromOrm):
    id: int
    name: str
    created_at: datetime
    campaign_ids: list[int] = Field(
        default=[], description="its campaigns (waves) the caller may see, in wave order"
    )


class _Read(BaseModel):
    model_config = ConfigDict(frozen=True)


class WaveRead(_Read):
    """One wave: a campaign of the programme. Only closed (or archived) campaigns have
    published figures; an open one is listed with ``published: false``."""

    campaign_id: int
    name: str
    state: str
    opens_at: datetime | None
    closes_at: datetime | None
    published: bool
    min_group_size_iat: int
    min_group_size_questionnaire: int
    d_reliability: float | None = Field(
        description="split-half reliability of D (Spearman–Brown) over the people behind the "
        "rows you see; used by the reliable-change index"
    )


class PointRead(_Read):
    """A team's figure in one wave: the dashboard's published figure, or withheld."""

    campaign_id: int
    measured: bool = Field(description="whether the team (or the measure) was in this wave")
    shown: bool
    withheld_reason: WithheldReason | None = Field(None, description="why it is withheld")
    n: int | None = None
    mean: float | None = None
    sd: float | None = None
    ci_low: float | None = Field(None, description="95 % t interval of the mean")
    ci_high: float | None = None


class SeriesRead(_Read):
    measure: str = Field(description="`D` (the IAT) or a questionnaire subscale code")
    points: list[PointRead]


class TeamTrendRead(_Read):
    team_id: int
    name: str
    series: list[SeriesRead]


class TrendsRead(_Read):
    programme: ProgrammeRead
    waves: list[WaveRead]
    measures: list[str]
    teams: list[TeamTrendRead]
    suppression_rule: dict[str, str]


class ChangeRead(_Read):
    """One team's change on one measure between the two waves; every number is null unless
    the team's figure is shown in both waves."""

    measure: str
    shown: bool
    before: PointRead
    after: PointRead
    difference: float | None = None
    se: float | None = Field(None, description="Welch standard error of the difference")
    df: float | None = Field(None, description="Welch–Satterthwaite degrees of freedom")
    ci_low: float | None = Field(None, description="95 % Welch interval of the difference")
    ci_high: float | None = None
    rci: float | None = Field(
        None,
        description="IAT only: reliable-change index (M2 − M1) / sqrt(SD1²(1 − r1)/n1 + "
        "SD2²(1 − r2)/n2), r the wave's split-half reliability (Jacobson & Truax 1991, "
        "adapted to team means); null when a reliability is unknown",
    )
    reliable: bool | None = Field(None, description="|rci| > 1.96")


class TeamChangeRead(_Read):
    team_id: int
    name: str
    changes: list[ChangeRead]


class ChangeReportRead(_Read):
    programme: ProgrammeRead
    before: WaveRead
    after: WaveRead
    teams: list[TeamChangeRead]
    method: dict[str, str]
