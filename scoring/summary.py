"""Sample mean of D with a t confidence interval, and Project Implicit's descriptive bands."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

BAND_LIMITS = (0.15, 0.35, 0.65)
BAND_NAMES = ("none", "slight", "moderate", "strong")


def band(d: NDArray[np.float64]) -> NDArray[np.str_]:
    """Descriptive band of each D (Project Implicit).

    ``|D| < .15`` none, ``< .35`` slight, ``< .65`` moderate, else strong; NaN gives ``""``.
    A value on a limit belongs to the higher band (``|D| = .15`` is slight).
    """
    index = np.searchsorted(np.asarray(BAND_LIMITS), np.abs(d), side="right")
    names = np.asarray((*BAND_NAMES, ""))
    return names[np.where(np.isnan(d), len(BAND_NAMES), index)]


@dataclass(frozen=True)
class MeanD:
    """Mean D over scored participants with a two-sided t interval.

    Attributes
    ----------
    mean, sd : float
        Mean and SD (n - 1) of the finite D values.
    ci_low, ci_high : float
        ``mean -/+ t_{(1 + level) / 2, n - 1} * sd / sqrt(n)``; NaN when n < 2.
    n : int
        Number of finite D values.
    level : float
        Confidence level.
    """

    mean: float
    sd: float
    ci_low: float
    ci_high: float
    n: int
    level: float


def mean_d(d: NDArray[np.float64], level: float = 0.95) -> MeanD:
    """Mean of the finite values of ``d`` with a Student t confidence interval."""
    values = d[np.isfinite(d)]
    n = len(values)
    mean = float(values.mean()) if n else math.nan
    if n < 2:
        return MeanD(mean, math.nan, math.nan, math.nan, n, level)
    sd = float(values.std(ddof=1))
    half = student_t_ppf((1 + level) / 2, n - 1) * sd / math.sqrt(n)
    return MeanD(mean, sd, mean - half, mean + half, n, level)


@functools.lru_cache(maxsize=4096)
def student_t_ppf(p: float, df: float) -> float:
    """Quantile of Student's t by bisection on its CDF (to double precision); remembered per
    (p, df), since a dashboard asks for the same few hundred degrees of freedom again and again.

    ``F(t) = 1 - I_x(df / 2, 1 / 2) / 2`` for ``t >= 0``, ``x = df / (df + t**2)``, with ``I`` the
    regularised incomplete beta function (continued fraction, Press et al., *Numerical Recipes*,
    §6.4). Requires ``0 < p < 1`` and ``df > 0``.
    """
    if p < 0.5:
        return -student_t_ppf(1 - p, df)
    low, high = 0.0, 1.0
    while _t_cdf(high, df) < p:
        low, high = high, high * 2
    for _ in range(200):
        mid = (low + high) / 2
        if mid in (low, high):
            break
        low, high = (mid, high) if _t_cdf(mid, df) < p else (low, mid)
    return (low + high) / 2


def _t_cdf(t: float, df: float) -> float:
    return 1.0 - 0.5 * _incomplete_beta(df / 2, 0.5, df / (df + t * t))


def _incomplete_beta(a: float, b: float, x: float) -> float:
    if x <= 0.0 or x >= 1.0:
        return 0.0 if x <= 0.0 else 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1) / (a + b + 2):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(b, a, 1 - x) / b


def _beta_fraction(a: float, b: float, x: float) -> float:
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 500):
        for aa in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + aa * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + aa / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < 1e-16:
            break
    return h
