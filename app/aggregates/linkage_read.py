"""What the linkage analysis says in words, and its results as API shapes.

The texts go through the catalogues; the warning codes come from :mod:`scoring.linkage`.
"""

from __future__ import annotations

from datetime import date

from app.aggregates.iat_figures import finite
from app.aggregates.linkage_schemas import (
    CorrelationRead,
    DriverRead,
    DriversRead,
    MultilevelRead,
    OutcomeLinkageRead,
    PredictorLinkageRead,
    WarningRead,
)
from app.aggregates.outcome_rows import OutcomeRow
from app.i18n import N_, localized
from scoring.correlation import Correlation
from scoring.drivers import RelativeWeights
from scoring.linkage import LinkageWarning, OutcomeLinkage, PredictorLinkage, TwoStepSlope

READING = (
    N_(
        "These figures are associations between teams: they do not show that one causes the "
        "other, and they say nothing about any individual in a team."
    ),
    N_(
        "Only teams whose figures are published (at or above the minimum group size) enter the "
        "analysis; a team whose sub-team has the same outcome is left out, so nobody counts twice."
    ),
    N_(
        "Outcomes where lower is better (complaints, churn, effort) are turned around: a positive "
        "figure always goes with a better outcome."
    ),
    N_(
        "Each outcome gives its period and the lag between the end of the measurement and the "
        "start of that period: an outcome from before the measurement cannot follow from it."
    ),
    N_(
        "With fewer than 20 teams, or unreliable team means, the figures are too uncertain to "
        "conclude anything."
    ),
)

WARNINGS = {
    LinkageWarning.TOO_FEW_TEAMS: N_("Too few teams to conclude (fewer than 20)."),
    LinkageWarning.UNRELIABLE_MEANS: N_(
        "The team means are unreliable: teams differ little compared with the people within "
        "them (ICC(2) below 0.7)."
    ),
    LinkageWarning.LOW_AGREEMENT: N_(
        "In some teams the members do not share a view (rwg(j) below 0.7): their team mean "
        "describes no common climate."
    ),
    LinkageWarning.NO_TEAM_DIFFERENCES: N_(
        "Teams do not differ on this figure beyond chance: there is nothing to link."
    ),
    LinkageWarning.DRIVERS_INCOMPLETE: N_(
        "A figure missing for many teams (withheld or not measured) is left out of the "
        "comparison of drivers."
    ),
}


def _warnings(codes: tuple[LinkageWarning, ...]) -> list[WarningRead]:
    return [WarningRead(code=code.value, text=localized(WARNINGS[code])) for code in codes]


def _finite(figures: object, names: tuple[str, ...]) -> dict[str, float | None]:
    """The named float fields of a scoring result, NaN as None."""
    return {name: finite(getattr(figures, name)) for name in names}


def _correlation(c: Correlation) -> CorrelationRead:
    return CorrelationRead(**_finite(c, ("r", "ci_low", "ci_high", "n_effective")), n=c.n)


def _multilevel(m: TwoStepSlope) -> MultilevelRead:
    names = ("slope", "ci_low", "ci_high", "per_team_sd", "icc1", "icc2")
    return MultilevelRead(**_finite(m, names), teams_unreliable=m.teams_unreliable)


def _predictor(p: PredictorLinkage) -> PredictorLinkageRead:
    return PredictorLinkageRead(
        predictor=p.name,
        n_teams=p.n_teams,
        pearson=_correlation(p.pearson),
        weighted=_correlation(p.weighted),
        spearman=_correlation(p.spearman),
        multilevel=_multilevel(p.multilevel),
        teams_low_agreement=p.teams_low_agreement,
        warnings=_warnings(p.warnings),
    )


def _drivers(d: RelativeWeights) -> DriversRead:
    columns = (d.r, d.raw, d.share, d.ci_low, d.ci_high, d.top_probability)
    weights = [
        DriverRead(
            predictor=name,
            **{
                key: finite(float(column[k]))
                for key, column in zip(DRIVER_FIELDS, columns, strict=True)
            },
        )
        for k, name in enumerate(d.names)
    ]
    return DriversRead(
        r_squared=finite(d.r_squared),
        n_teams=d.n_teams,
        n_boot=d.n_boot,
        n_boot_used=d.n_boot_used,
        seed=d.seed,
        weights=weights,
    )


DRIVER_FIELDS = ("r", "weight", "share", "ci_low", "ci_high", "top_probability")


def outcome_read(
    row: OutcomeRow, start: date | None, lag_days: int | None, result: OutcomeLinkage
) -> OutcomeLinkageRead:
    return OutcomeLinkageRead(
        metric=row.metric,
        period=row.period,
        direction=result.direction.value,
        period_start=start,
        lag_days=lag_days,
        n_teams=result.n_teams,
        weight_basis=result.weight_basis,
        predictors=[_predictor(p) for p in result.predictors],
        drivers=_drivers(result.drivers),
        warnings=_warnings(result.warnings),
    )
