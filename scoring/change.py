"""Change of a team's mean between two waves, and implicit beside explicit scores.

Pure functions over summary figures (mean, SD, n) or arrays; NaN where a figure cannot be
computed, never an exception for missing data.

References
----------
Jacobson, N. S., & Truax, P. (1991). Clinical significance: a statistical approach to defining
meaningful change in psychotherapy research. *Journal of Consulting and Clinical Psychology*,
59(1), 12–19.
Welch, B. L. (1947). The generalization of "Student's" problem when several different population
variances are involved. *Biometrika*, 34(1/2), 28–35.
Fisher, R. A. (1921). On the "probable error" of a coefficient of correlation deduced from a
small sample. *Metron*, 1, 3–32.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
from numpy.typing import NDArray

from scoring.summary import student_t_ppf

RELIABLE_CHANGE_Z = NormalDist().inv_cdf(0.975)  # 1.96: |RCI| beyond it is a reliable change


@dataclass(frozen=True)
class Summary:
    """A group's mean, SD (n − 1) and size."""

    mean: float
    sd: float
    n: int


@dataclass(frozen=True)
class Difference:
    """``after.mean − before.mean`` with its Welch standard error, df and t interval."""

    difference: float
    se: float
    df: float
    ci_low: float
    ci_high: float


def welch_difference(before: Summary, after: Summary, level: float = 0.95) -> Difference:
    """Difference of two independent means with Welch's interval.

    ``d = M2 − M1``, ``SE = sqrt(s1²/n1 + s2²/n2)``, Welch–Satterthwaite
    ``df = SE⁴ / ((s1²/n1)²/(n1 − 1) + (s2²/n2)²/(n2 − 1))`` and
    ``CI = d ∓ t_{(1 + level)/2, df} · SE``. The two waves are treated as independent samples
    (people are not linked across waves; with many of the same people the interval is
    conservative). ``se``, ``df`` and the interval are NaN when a wave has n < 2 or a NaN SD,
    or when both SDs are 0.
    """
    difference = after.mean - before.mean
    parts = [_variance_of_mean(s) for s in (before, after)]
    se = math.sqrt(sum(parts))
    if not math.isfinite(se) or se == 0:
        return Difference(difference, se if math.isfinite(se) else math.nan, *[math.nan] * 3)
    df = se**4 / sum(p**2 / (s.n - 1) for p, s in zip(parts, (before, after), strict=True))
    half = student_t_ppf((1 + level) / 2, df) * se
    return Difference(difference, se, df, difference - half, difference + half)


def _variance_of_mean(summary: Summary) -> float:
    if summary.n < 2 or not math.isfinite(summary.sd):
        return math.nan
    return summary.sd**2 / summary.n


@dataclass(frozen=True)
class ReliableChange:
    """The reliable-change index of a team mean; ``reliable``: ``|rci| > 1.96``."""

    difference: float
    se_difference: float
    rci: float
    reliable: bool | None


def reliable_change(
    before: Summary, after: Summary, reliability_before: float, reliability_after: float
) -> ReliableChange:
    """Jacobson & Truax's (1991) reliable-change index, adapted to the means of teams.

    For one person, ``SEM = SD · sqrt(1 − r_xx)`` is the standard error of measurement and
    ``RCI = (x2 − x1) / sqrt(2 · SEM²)``. A team mean over n people averages n independent
    measurement errors, so its error has the standard error ``SEM_k / sqrt(n_k)``; each wave
    uses its own SD and reliability:

    ``RCI = (M2 − M1) / sqrt(SD1²(1 − r1)/n1 + SD2²(1 − r2)/n2)``.

    ``|RCI| > 1.96`` says the change exceeds what the test's unreliability alone would produce
    (p < .05, two-sided); it says nothing about sampling (use ``welch_difference`` for that).
    ``r`` is the wave's split-half reliability of D (Spearman–Brown); a negative one is taken
    as 0 (all variance is error, SEM = SD). Everything is NaN (``reliable`` None) when a
    reliability is unknown (NaN) or ≥ 1, a wave has n < 1, or an SD is NaN.
    """
    difference = after.mean - before.mean
    parts = [
        _error_variance(s, r) for s, r in ((before, reliability_before), (after, reliability_after))
    ]
    se = math.sqrt(sum(parts))
    if not math.isfinite(se) or se == 0:
        return ReliableChange(difference, math.nan, math.nan, None)
    rci = difference / se
    return ReliableChange(difference, se, rci, abs(rci) > RELIABLE_CHANGE_Z)


def _error_variance(summary: Summary, reliability: float) -> float:
    if summary.n < 1 or not math.isfinite(reliability) or reliability >= 1:
        return math.nan
    return summary.sd**2 * (1 - max(reliability, 0.0)) / summary.n


def zscores(values: NDArray[np.float64]) -> NDArray[np.float64]:
    """``(x − mean) / SD`` over the finite values (SD with n − 1); all NaN when SD is 0 or
    fewer than 2 values are finite; NaN stays NaN."""
    finite = values[np.isfinite(values)]
    if len(finite) < 2 or float(finite.std(ddof=1)) == 0:
        return np.full(values.shape, math.nan)
    scaled: NDArray[np.float64] = (values - finite.mean()) / finite.std(ddof=1)
    return scaled


@dataclass(frozen=True)
class Gap:
    """Mean z of the implicit score minus mean z of the declared one, with a normal interval."""

    gap: float
    se: float
    ci_low: float
    ci_high: float
    n_implicit: int
    n_explicit: int
    n_both: int


def standardised_gap(
    implicit_z: NDArray[np.float64], explicit_z: NDArray[np.float64], min_pairs: int = 2
) -> Gap:
    """Gap between spontaneous and declared orientation in one group, in SD units.

    Both arrays hold the group's people (NaN where a person has no such score), already
    standardised over the whole campaign (``zscores``). ``gap = mean z_I − mean z_E``, each mean
    over the people having that score (n_I, n_E; n_IE have both). The campaign's means and SDs
    are taken as fixed, so the gap is linear in the scores and its variance is exact (the delta
    method adds nothing): ``Var = s_I²/n_I + s_E²/n_E − 2 · n_IE · c_IE / (n_I · n_E)``, with
    ``s`` the group's SDs of the z-scores and ``c_IE`` the covariance over the people with both
    (0 when n_IE < ``min_pairs``, at least 2: a caller may refuse a covariance over fewer
    people than its privacy minimum). The 95 % interval is ``gap ∓ 1.96 · SE`` (normal).
    NaN when either measure has fewer than 2 people.
    """
    has_i, has_e = np.isfinite(implicit_z), np.isfinite(explicit_z)
    n_i, n_e, both = int(has_i.sum()), int(has_e.sum()), has_i & has_e
    n_ie = int(both.sum())
    if n_i < 2 or n_e < 2:
        return Gap(math.nan, math.nan, math.nan, math.nan, n_i, n_e, n_ie)
    zi, ze = implicit_z[has_i], explicit_z[has_e]
    gap = float(zi.mean() - ze.mean())
    covariance = 0.0
    if n_ie >= max(2, min_pairs):
        covariance = float(np.cov(implicit_z[both], explicit_z[both], ddof=1)[0, 1])
    variance = zi.var(ddof=1) / n_i + ze.var(ddof=1) / n_e - 2 * n_ie * covariance / (n_i * n_e)
    se = math.sqrt(max(float(variance), 0.0))
    half = RELIABLE_CHANGE_Z * se
    return Gap(gap, se, gap - half, gap + half, n_i, n_e, n_ie)


@dataclass(frozen=True)
class Correlation:
    """Pearson's r over the pairs with both values, with Fisher's z interval."""

    r: float
    n: int
    ci_low: float
    ci_high: float


def correlation(x: NDArray[np.float64], y: NDArray[np.float64]) -> Correlation:
    """Pearson's r of the finite pairs; 95 % CI ``tanh(atanh(r) ∓ 1.96 / sqrt(n − 3))``.

    r is NaN below 3 pairs or when a variable is constant; the interval is NaN below 4 pairs
    and collapses to ±1 when |r| = 1.
    """
    both = np.isfinite(x) & np.isfinite(y)
    n = int(both.sum())
    if n < 3 or float(np.std(x[both])) == 0 or float(np.std(y[both])) == 0:
        return Correlation(math.nan, n, math.nan, math.nan)
    r = float(np.clip(np.corrcoef(x[both], y[both])[0, 1], -1.0, 1.0))
    if n < 4:
        return Correlation(r, n, math.nan, math.nan)
    if abs(r) == 1.0:
        return Correlation(r, n, r, r)
    z, half = math.atanh(r), RELIABLE_CHANGE_Z / math.sqrt(n - 3)
    return Correlation(r, n, math.tanh(z - half), math.tanh(z + half))
