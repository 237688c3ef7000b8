"""Correlations between team figures: Pearson, weighted Pearson and Spearman, with Fisher-z CIs.

Conventions
    ``x``, ``y`` (and ``weights``): 1-D float arrays, one entry per team; a team with a NaN in any
    of them is left out (pairwise complete). Nothing is rounded. Every interval is the
    back-transformed Fisher-z interval tanh(atanh(r) ± z_{1−α/2} · SE) with z the normal quantile.
    NaN (never an error) when fewer than 4 teams remain or a variable is constant.

References
    Fisher (1921), *Metron* 1, 3–32. Bonett & Wright (2000), *Psychometrika* 65, 23–28.
    Kish (1965), *Survey sampling*, Wiley (effective sample size of weighted data).
    Bland & Altman (1995), *BMJ* 310, 446 (correlations between group means).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
from numpy.typing import ArrayLike, NDArray

from scoring.errors import ScoringError

FloatArray = NDArray[np.float64]


class CorrelationError(ScoringError):
    """Arrays of different lengths, not 1-D, a confidence outside (0, 1) or a negative weight."""


@dataclass(frozen=True)
class Correlation:
    r: float
    ci_low: float
    ci_high: float
    n: int  # teams used (pairwise complete)
    n_effective: float  # n for unweighted r; Kish's (Σw)²/Σw² for the weighted one


def _pairs(*arrays: ArrayLike) -> list[FloatArray]:
    xs = [np.asarray(a, dtype=np.float64) for a in arrays]
    if any(x.ndim != 1 or x.shape != xs[0].shape for x in xs):
        raise CorrelationError("the arrays must be 1-D and of equal length (one entry per team)")
    keep = np.logical_and.reduce([~np.isnan(x) for x in xs])
    return [x[keep] for x in xs]


def _normal_quantile(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise CorrelationError(f"confidence must be in (0, 1), got {confidence}")
    return NormalDist().inv_cdf((1 + confidence) / 2)


def fisher_interval(
    r: float, n: float, confidence: float = 0.95, variance_factor: float = 1.0
) -> tuple[float, float]:
    """tanh(atanh(r) ± z_{1−α/2} √(c / (n − 3))), c = ``variance_factor`` (1 for Pearson).

    The interval of R's ``cor.test`` for Pearson's r. NaN when n ≤ 3 or r is NaN; (±1, ±1) when
    |r| = 1.
    """
    q = _normal_quantile(confidence)
    if not n > 3 or math.isnan(r):
        return math.nan, math.nan
    half = q * math.sqrt(variance_factor / (n - 3))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.arctanh(np.clip(r, -1.0, 1.0))
        return float(np.tanh(z - half)), float(np.tanh(z + half))


def _weighted_r(x: FloatArray, y: FloatArray, w: FloatArray) -> float:
    dx, dy = x - np.average(x, weights=w), y - np.average(y, weights=w)
    denominator = math.sqrt(float(np.sum(w * dx**2) * np.sum(w * dy**2)))
    return float(np.sum(w * dx * dy)) / denominator if denominator > 0 else math.nan


def pearson(x: ArrayLike, y: ArrayLike, confidence: float = 0.95) -> Correlation:
    """Pearson's r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² Σ(y − ȳ)²) with the Fisher-z interval,
    SE = 1/√(n − 3) (as R's ``cor.test``). NaN with n < 4 or a constant variable."""
    a, b = _pairs(x, y)
    r = _weighted_r(a, b, np.ones_like(a)) if a.size >= 4 else math.nan
    return Correlation(r, *fisher_interval(r, a.size, confidence), a.size, float(a.size))


def weighted_pearson(
    x: ArrayLike, y: ArrayLike, weights: ArrayLike, confidence: float = 0.95
) -> Correlation:
    """Weighted r = Σw(x − x̄_w)(y − ȳ_w) / √(Σw(x − x̄_w)² Σw(y − ȳ_w)²), x̄_w = Σwx / Σw.

    Equal to R's ``cov.wt(cbind(x, y), wt = w, cor = TRUE)`` and to the standardised slope of
    ``lm(y ~ x, weights = w)``. The interval is Fisher's with n replaced by Kish's effective
    size n_eff = (Σw)² / Σw² (= n for equal weights), so unequal weights widen it. Teams with a
    weight of 0 count in n but not in the estimate. Raises :class:`CorrelationError` for a
    negative weight; NaN with n < 4, Σw = 0 or a constant variable.
    """
    a, b, w = _pairs(x, y, weights)
    if np.any(w < 0):
        raise CorrelationError("weights must be ≥ 0")
    if a.size < 4 or not np.sum(w) > 0:
        return Correlation(math.nan, math.nan, math.nan, a.size, math.nan)
    n_eff = float(np.sum(w) ** 2 / np.sum(w**2))
    r = _weighted_r(a, b, w)
    return Correlation(r, *fisher_interval(r, n_eff, confidence), a.size, n_eff)


def average_ranks(values: ArrayLike) -> FloatArray:
    """Ranks 1..n, ties given the mean of the ranks they span (R's ``rank``, ties "average")."""
    v = np.asarray(values, dtype=np.float64)
    order = np.argsort(v, kind="mergesort")
    _, first, counts = np.unique(v[order], return_index=True, return_counts=True)
    ranks = np.empty_like(v)
    ranks[order] = np.repeat(first + (counts + 1) / 2, counts)
    return ranks


def spearman(x: ArrayLike, y: ArrayLike, confidence: float = 0.95) -> Correlation:
    """Spearman's ρ: Pearson's r of the average ranks (R's ``cor(method = "spearman")``).

    The interval is Fisher's with Bonett & Wright's (2000) variance (1 + ρ²/2)/(n − 3), which
    keeps its coverage for rank correlations where 1/(n − 3) is too narrow. NaN with n < 4.
    """
    a, b = _pairs(x, y)
    if a.size < 4:
        return Correlation(math.nan, math.nan, math.nan, a.size, float(a.size))
    rho = _weighted_r(average_ranks(a), average_ranks(b), np.ones_like(a))
    factor = 1 + rho**2 / 2 if not math.isnan(rho) else 1.0
    return Correlation(
        rho, *fisher_interval(rho, a.size, confidence, factor), a.size, float(a.size)
    )
