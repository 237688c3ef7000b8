"""The linkage analysis as the HR API returns it: per outcome, the relationships between teams,
the driver weights and the warnings. Floats that cannot be computed are ``null``."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from app.aggregates.schemas import TextRead


class _Read(BaseModel):
    model_config = ConfigDict(frozen=True)


class CorrelationRead(_Read):
    r: float | None
    ci_low: float | None = Field(description="95 % Fisher-z interval")
    ci_high: float | None
    n: int = Field(description="teams with both figures")
    n_effective: float | None = Field(description="Kish's effective number of teams (weighted r)")


class MultilevelRead(_Read):
    """The outcome regressed on empirical-Bayes team means (two-step estimate)."""

    slope: float | None = Field(
        description="outcome units (positive = better) per unit of the figure"
    )
    ci_low: float | None
    ci_high: float | None
    per_team_sd: float | None = Field(description="outcome change per SD of the true team means")
    icc1: float | None
    icc2: float | None = Field(description="reliability of the team means (below 0.7: unreliable)")
    teams_unreliable: int = Field(description="teams whose own mean reliability is below 0.7")


class WarningRead(_Read):
    code: str
    text: TextRead


class PredictorLinkageRead(_Read):
    predictor: str = Field(description="D (mean IAT D) or a questionnaire component code")
    n_teams: int
    pearson: CorrelationRead
    weighted: CorrelationRead
    spearman: CorrelationRead
    multilevel: MultilevelRead
    teams_low_agreement: int = Field(description="teams with rwg(j) below 0.7")
    warnings: list[WarningRead]


class DriverRead(_Read):
    predictor: str
    r: float | None = Field(description="correlation with the outcome (the weight has no sign)")
    weight: float | None = Field(description="Johnson's relative weight: its share of R²")
    share: float | None = Field(description="weight / R²")
    ci_low: float | None = Field(description="bootstrap 95 % interval of the weight")
    ci_high: float | None
    top_probability: float | None = Field(description="share of resamples where it ranks first")


class DriversRead(_Read):
    r_squared: float | None
    n_teams: int = Field(description="teams with every figure and the outcome")
    n_boot: int
    n_boot_used: int
    seed: int
    weights: list[DriverRead]


class OutcomeLinkageRead(_Read):
    metric: str
    period: str
    direction: str = Field(description="higher_better | lower_better (then sign-flipped)")
    period_start: date | None = Field(description="start of the outcome period, when readable")
    lag_days: int | None = Field(
        description="days from the end of the measurement (campaign close) to the period start; "
        "negative when the outcome period began before the measurement ended"
    )
    n_teams: int
    weight_basis: str = Field(description="n_customers, or team_size when a count is missing")
    predictors: list[PredictorLinkageRead]
    drivers: DriversRead
    warnings: list[WarningRead]


class LinkageRead(_Read):
    campaign_id: int
    measured_from: date | None
    measured_to: date | None
    reading: list[TextRead] = Field(description="how to read these figures (always shown)")
    outcomes: list[OutcomeLinkageRead]
