"""Linkage analysis: how team figures (mean D, LEAD, CONN, AUTO) relate to a team-level outcome.

Everything here is an association between teams: no causal claim, and nothing about individuals
(an ecological correlation says nothing about people; Robinson 1950). The inputs are the team
summaries the dashboard publishes — per team and predictor the mean, SD (n − 1) and number of
people — so only teams that pass suppression can enter, and no person-level row is needed.

Direction
    ``lower_better`` outcomes (complaint rate, churn, CES) are multiplied by −1 first, so that a
    positive r, slope or weight always means "higher figure, better outcome".

Per predictor (teams with both values; pairwise complete)
    * Pearson r with the Fisher-z interval (:func:`scoring.correlation.pearson`).
    * Weighted r (:func:`scoring.correlation.weighted_pearson`), weights = the outcome's
      ``n_customers``: a team NPS from 400 customers is a far more precise point than one from 12,
      and the outcome's sampling error is what scatters the points around the line; the
      predictor's precision (team size) is handled by the multilevel estimate below. When any
      team lacks ``n_customers`` the team size is used instead (``weight_basis`` says which).
    * Spearman ρ, a robustness check against one extreme team.
    * A two-step multilevel slope (regression calibration; Croon & van Veldhoven 2007, Lüdtke et
      al. 2008). The observed team mean x̄_j mixes the true team mean with the sampling error of
      its n_j people, which biases an OLS slope toward 0. Step 1, from the one-way ANOVA of
      people in teams computed from the summaries (N = Σn_j, G teams, x̄ = Σn_j x̄_j / N)::

          MSB = Σ n_j (x̄_j − x̄)² / (G − 1),   MSW = Σ (n_j − 1) s_j² / (N − G),   k̄ = N / G
          ICC(1) = (MSB − MSW) / (MSB + (k̄ − 1) MSW),   ICC(2) = (MSB − MSW) / MSB
          λ_j = n_j ICC(1) / (1 + (n_j − 1) ICC(1))     (reliability of team j's mean)
          x̃_j = x̄ + λ_j (x̄_j − x̄)                      (empirical-Bayes team mean)

      (the estimators of :mod:`scoring.psychometrics`, Bliese 2000). Step 2: OLS of the outcome
      on x̃_j; slope b with SE √(s²/Σ(x̃ − x̃̄)²), s² = Σe²/(G − 2), and a t interval on G − 2
      df; ``per_team_sd`` = b · τ, τ² = (MSB − MSW)/k̄, is the outcome change per one SD of the
      true team means. The SE treats λ_j as known, so the interval is a little too narrow
      when ICC(1) rests on few teams. Chosen over a MixedLM of people's scores with the outcome
      as a level-2 predictor because that model needs person-level rows (which would bypass
      suppression) and turns the question around (the outcome predicting people's scores). NaN
      when ICC(1) ≤ 0 (teams do not differ beyond chance: there is nothing to link) or G < 4.

Warnings (codes; the wording lives in the app's catalogues)
    ``too_few_teams``: fewer than 20 teams with the outcome (r's interval then spans ±0.4 or
    more). ``unreliable_means``: ICC(2) < 0.7 for a predictor. ``low_agreement``: at least one
    team has rwg(j) < 0.7 (LeBreton & Senter 2008), its mean describes no shared view.
    ``no_team_differences``: ICC(1) ≤ 0 or undefined. ``drivers_incomplete``: a predictor was
    left out of the driver view (see :func:`link_outcome`).

References
    Bliese (2000), in Klein & Kozlowski (Eds.), *Multilevel theory, research, and methods in
    organizations*, 349–381. Croon & van Veldhoven (2007), *Psychological Methods* 12, 45–57.
    Lüdtke, Marsh, Robitzsch, Trautwein, Asparouhov & Muthén (2008), *Psychological Methods* 13,
    203–229. LeBreton & Senter (2008), *Organizational Research Methods* 11, 815–852. Robinson
    (1950), *American Sociological Review* 15, 351–357. Schneider, White & Paul (1998), *J.
    Applied Psychology* 83, 150–163 (the service climate → customer outcome linkage).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import ArrayLike, NDArray

from scoring.correlation import Correlation, pearson, spearman, weighted_pearson
from scoring.drivers import RelativeWeights, relative_weights
from scoring.errors import ScoringError
from scoring.psychometrics import _f_quantile, group_mean_reliability

FloatArray = NDArray[np.float64]
MIN_TEAMS = 20  # fewer teams: "too few teams to conclude"
RELIABILITY_THRESHOLD = 0.70  # ICC(2) and rwg(j) below this: team means not to be trusted
DRIVER_COVERAGE = 0.80  # share of the outcome's teams a predictor needs to enter the driver view


class LinkageError(ScoringError):
    """Arrays of different lengths, an unknown direction, a team size below 1."""


class Direction(StrEnum):
    HIGHER_BETTER = "higher_better"
    LOWER_BETTER = "lower_better"


class LinkageWarning(StrEnum):
    TOO_FEW_TEAMS = "too_few_teams"
    UNRELIABLE_MEANS = "unreliable_means"
    LOW_AGREEMENT = "low_agreement"
    NO_TEAM_DIFFERENCES = "no_team_differences"
    DRIVERS_INCOMPLETE = "drivers_incomplete"


@dataclass(frozen=True)
class TeamPredictor:
    """One predictor's published team summaries, one entry per team (NaN = not available)."""

    name: str
    mean: FloatArray
    sd: FloatArray  # n − 1; NaN or anything for a team of 1
    n: FloatArray  # people behind the mean
    rwg_j: FloatArray | None = None  # within-team agreement (questionnaire components only)


@dataclass(frozen=True)
class TwoStepSlope:
    slope: float  # outcome units (positive = better) per unit of the predictor
    se: float
    ci_low: float
    ci_high: float
    per_team_sd: float  # slope × τ: outcome change per SD of the true team means
    icc1: float
    icc2: float
    teams_unreliable: int  # teams whose λ_j < 0.7
    n: int


@dataclass(frozen=True)
class PredictorLinkage:
    name: str
    n_teams: int
    pearson: Correlation
    weighted: Correlation
    spearman: Correlation
    multilevel: TwoStepSlope
    teams_low_agreement: int
    warnings: tuple[LinkageWarning, ...]


@dataclass(frozen=True)
class OutcomeLinkage:
    direction: Direction
    n_teams: int  # teams with an outcome value
    weight_basis: str  # "n_customers" or "team_size"
    predictors: tuple[PredictorLinkage, ...]
    drivers: RelativeWeights
    warnings: tuple[LinkageWarning, ...]


def _vector(values: ArrayLike, size: int, what: str) -> FloatArray:
    x = np.asarray(values, dtype=np.float64)
    if x.shape != (size,):
        raise LinkageError(f"{what} needs one value per team ({size}), got shape {x.shape}")
    return x


def summary_anova(
    mean: ArrayLike, sd: ArrayLike, n: ArrayLike
) -> tuple[float, float, float, float]:
    """ICC(1), ICC(2), τ² and the grand mean from team means, SDs and sizes (module docstring).

    Teams with a NaN mean or n < 1 are left out; a team of 1 adds nothing to MSW. Equal to
    :func:`scoring.psychometrics.icc1` / ``icc2`` on the people's scores. NaN with < 2 teams,
    N ≤ G or MSB = 0.
    """
    m, s, k = (np.asarray(a, dtype=np.float64) for a in (mean, sd, n))
    keep = ~np.isnan(m) & (k >= 1)
    m, s, k = m[keep], s[keep], k[keep]
    big_n, g = float(k.sum()), m.size
    if g < 2 or big_n <= g:
        return math.nan, math.nan, math.nan, math.nan
    grand = float(np.sum(k * m) / big_n)
    msb = float(np.sum(k * (m - grand) ** 2)) / (g - 1)
    msw = float(np.sum(np.where(k > 1, (k - 1) * s**2, 0.0))) / (big_n - g)
    k_bar = big_n / g
    icc1 = (msb - msw) / (msb + (k_bar - 1) * msw) if msb + (k_bar - 1) * msw > 0 else math.nan
    icc2 = (msb - msw) / msb if msb > 0 else math.nan
    return icc1, icc2, (msb - msw) / k_bar, grand


def two_step_slope(
    outcome: ArrayLike, mean: ArrayLike, sd: ArrayLike, n: ArrayLike, confidence: float = 0.95
) -> TwoStepSlope:
    """Regression of the outcome on empirical-Bayes team means (module docstring, step 1 and 2).

    Teams with a NaN outcome or mean are left out of both steps. NaN estimates when ICC(1) ≤ 0 or
    is undefined, or fewer than 4 teams remain.
    """
    y, m = np.asarray(outcome, dtype=np.float64), np.asarray(mean, dtype=np.float64)
    s, k = np.asarray(sd, dtype=np.float64), np.asarray(n, dtype=np.float64)
    keep = ~np.isnan(y) & ~np.isnan(m) & (k >= 1)
    y, m, s, k = y[keep], m[keep], s[keep], k[keep]
    icc1, icc2, tau2, grand = summary_anova(m, s, k)
    if not icc1 > 0 or y.size < 4:
        nan = math.nan
        return TwoStepSlope(nan, nan, nan, nan, nan, icc1, icc2, 0, int(y.size))
    reliability = group_mean_reliability(icc1, k)
    x = grand + reliability * (m - grand)
    dx = x - x.mean()
    slope = float(np.sum(dx * (y - y.mean())) / np.sum(dx**2))
    residual = y - y.mean() - slope * dx
    se = math.sqrt(float(np.sum(residual**2)) / (y.size - 2) / float(np.sum(dx**2)))
    half = math.sqrt(_f_quantile(confidence, 1, y.size - 2)) * se
    unreliable = int(np.sum(reliability < RELIABILITY_THRESHOLD))
    per_sd = slope * math.sqrt(tau2)
    return TwoStepSlope(
        slope, se, slope - half, slope + half, per_sd, icc1, icc2, unreliable, y.size
    )


def _warnings(n_teams: int, ml: TwoStepSlope, low_agreement: int) -> tuple[LinkageWarning, ...]:
    found = {
        LinkageWarning.TOO_FEW_TEAMS: n_teams < MIN_TEAMS,
        LinkageWarning.UNRELIABLE_MEANS: not ml.icc2 >= RELIABILITY_THRESHOLD,
        LinkageWarning.LOW_AGREEMENT: low_agreement > 0,
        LinkageWarning.NO_TEAM_DIFFERENCES: not ml.icc1 > 0,
    }
    return tuple(code for code, on in found.items() if on)


def _predictor_linkage(
    y: FloatArray, weights: FloatArray | None, p: TeamPredictor, confidence: float
) -> PredictorLinkage:
    size = y.size
    mean, sd, n = (
        _vector(a, size, f"{p.name} {w}") for a, w in ((p.mean, "mean"), (p.sd, "sd"), (p.n, "n"))
    )
    if np.any(n[~np.isnan(mean)] < 1):
        raise LinkageError(f"{p.name}: a team mean needs at least 1 person")
    has = ~np.isnan(y) & ~np.isnan(mean)
    rwg = None if p.rwg_j is None else _vector(p.rwg_j, size, f"{p.name} rwg_j")
    low_agreement = 0 if rwg is None else int(np.sum(rwg[has] < RELIABILITY_THRESHOLD))
    ml = two_step_slope(y, mean, sd, n, confidence)
    return PredictorLinkage(
        name=p.name,
        n_teams=int(has.sum()),
        pearson=pearson(mean, y, confidence),
        weighted=weighted_pearson(mean, y, n if weights is None else weights, confidence),
        spearman=spearman(mean, y, confidence),
        multilevel=ml,
        teams_low_agreement=low_agreement,
        warnings=_warnings(int(has.sum()), ml, low_agreement),
    )


def _customer_weights(y: FloatArray, n_customers: ArrayLike | None) -> FloatArray | None:
    """n_customers when every team with an outcome has a positive one, else None (team size)."""
    if n_customers is None:
        return None
    w = _vector(n_customers, y.size, "n_customers")
    present = w[~np.isnan(y)]
    return w if present.size and np.all(present > 0) else None


def _drivers(
    y: FloatArray,
    rows: tuple[PredictorLinkage, ...],
    predictors: Sequence[TeamPredictor],
    n_boot: int,
    seed: int,
    confidence: float,
) -> tuple[RelativeWeights, bool]:
    """Relative weights of the predictors present for ≥ DRIVER_COVERAGE of the outcome's teams
    (all of them if none is); and whether one was left out."""
    n_outcome = int(np.sum(~np.isnan(y)))
    kept = [
        p
        for p, row in zip(predictors, rows, strict=True)
        if row.n_teams >= DRIVER_COVERAGE * n_outcome
    ]
    chosen = kept or list(predictors)
    means = np.column_stack([np.asarray(p.mean, dtype=np.float64) for p in chosen])
    weights = relative_weights(means, y, [p.name for p in chosen], n_boot, seed, confidence)
    return weights, len(chosen) < len(predictors)


def link_outcome(
    outcome: ArrayLike,
    direction: Direction | str,
    predictors: Sequence[TeamPredictor],
    n_customers: ArrayLike | None = None,
    *,
    n_boot: int = 2000,
    seed: int = 0,
    confidence: float = 0.95,
) -> OutcomeLinkage:
    """The linkage of one outcome with every predictor, and the driver view (module docstring).

    ``outcome`` (and ``n_customers``) hold one value per team, in the order of the predictors'
    arrays; NaN (or ±inf) = no outcome for that team. ``lower_better`` outcomes are sign-flipped.
    Drivers: :func:`scoring.drivers.relative_weights` of the predictors' observed team means
    (teams with every figure), bootstrap seeded with ``seed``; a predictor present for fewer than
    80 % of the outcome's teams (mean D withheld in small teams, a campaign without the IAT) is
    left out of them, with the ``drivers_incomplete`` warning, so that it does not cut the teams
    the others use. Raises :class:`LinkageError` for an unknown direction or arrays of the wrong
    length.
    """
    try:
        way = Direction(direction)
    except ValueError as error:
        raise LinkageError(
            f"direction must be higher_better or lower_better, got {direction!r}"
        ) from error
    y = np.asarray(outcome, dtype=np.float64)
    if y.ndim != 1:
        raise LinkageError("outcome must be 1-D (one value per team)")
    y = np.where(np.isfinite(y), -y if way is Direction.LOWER_BETTER else y, np.nan)
    weights = _customer_weights(y, n_customers)
    rows = tuple(_predictor_linkage(y, weights, p, confidence) for p in predictors)
    drivers, incomplete = _drivers(y, rows, predictors, n_boot, seed, confidence)
    codes = {w for row in rows for w in row.warnings}
    codes |= {LinkageWarning.TOO_FEW_TEAMS} if drivers.n_teams < MIN_TEAMS else set()
    codes |= {LinkageWarning.DRIVERS_INCOMPLETE} if incomplete else set()
    warnings = tuple(w for w in LinkageWarning if w in codes)
    basis = "team_size" if weights is None else "n_customers"
    return OutcomeLinkage(way, int(np.sum(~np.isnan(y))), basis, rows, drivers, warnings)
