"""Questionnaire psychometrics: subscale scores, internal consistency, within-team agreement, ICCs.

Conventions (DESIGN §5)
    ``items``: 2-D float array, people × items, answers on 1..A, NaN = missing ("don't know" is
    NaN, never the midpoint); ``groups``: one team label per person. Variances use n − 1; the null
    variance is the discrete uniform's, σ²_EU = (A² − 1)/12 (2 for A = 5). Nothing is rounded.
    α, item–rest r, α-if-deleted and ω use complete cases (listwise); team agreement uses, per
    item, the members who answered it; ICCs drop people whose score is NaN.

References
    Bliese (2000), in Klein & Kozlowski (Eds.), *Multilevel theory, research, and methods in
    organizations*, 349–381. Burke, Finkelstein & Dusig (1999), *Organizational Research
    Methods* 2, 49–68. Feldt (1965), *Psychometrika* 30, 357–370. James, Demaree & Wolf (1984),
    *J. Applied Psychology* 69, 85–98. LeBreton & Senter (2008), *Organizational Research
    Methods* 11, 815–852. Lindell, Brandt & Whitney (1999), *Applied Psychological Measurement*
    23, 127–135. McDonald (1999), *Test theory: A unified treatment*, Erlbaum.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import exp, lgamma, log, log1p
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from scoring.errors import ScoringError

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


class PsychometricsError(ScoringError):
    """Base class for invalid input to this module (a ``ValueError``)."""


class ShapeError(PsychometricsError):
    """An array has the wrong number of dimensions or a length that does not match."""


class ScalePointsError(PsychometricsError):
    """``scale_points`` below 2, or a non-integer."""


class ResponseRangeError(PsychometricsError):
    """An answer outside 1..A."""


@dataclass(frozen=True)
class SubscaleScores:
    names: tuple[str, ...]  # subscale codes, in order of first appearance
    scores: FloatArray  # people × subscales; NaN when fewer than min_answered answered
    n_answered: IntArray  # people × subscales


@dataclass(frozen=True)
class AlphaResult:
    alpha: float
    ci: tuple[float, float]  # Feldt (1965) interval at ``confidence``
    confidence: float
    n_used: int  # complete cases
    n_items: int


@dataclass(frozen=True)
class OmegaResult:
    omega: float
    loadings: FloatArray  # standardised one-factor loadings, signed so that their sum is > 0
    n_used: int
    converged: bool


@dataclass(frozen=True)
class TeamAgreement:
    groups: NDArray[Any]  # sorted team labels
    n_respondents: IntArray  # members with at least one answered item
    rwg_j: FloatArray
    rwg_j_lindell: FloatArray
    ad_m: FloatArray


def _as_items(items: ArrayLike) -> FloatArray:
    x = np.asarray(items, dtype=np.float64)
    if x.ndim != 2:
        raise ShapeError(f"items must be 2-D (people × items), got {x.ndim}-D")
    return x


def _check_range(x: FloatArray, scale_points: int) -> None:
    if isinstance(scale_points, bool) or int(scale_points) != scale_points or scale_points < 2:
        raise ScalePointsError(f"scale_points must be an integer ≥ 2, got {scale_points!r}")
    answered = x[~np.isnan(x)]
    if np.any((answered < 1) | (answered > scale_points)):
        raise ResponseRangeError(f"answers must lie in 1..{scale_points} (or be NaN)")


def subscale_scores(
    responses: ArrayLike,
    subscale_of_item: Sequence[str],
    reverse: ArrayLike,
    scale_points: int,
    min_answered: float = 2 / 3,
) -> SubscaleScores:
    """Mean of each person's answered items per subscale, after reverse keying.

    Reverse-keyed answers are recoded x' = (1 + A) − x. A score is the mean of the answered items
    of the subscale when at least ⌈min_answered · J⌉ of its J items are answered, else NaN (DESIGN
    §5: 2/3, so 6 of 8 items). ``responses`` is people × items on 1..A, NaN = missing.
    Raises :class:`ShapeError` (not 2-D; keys not one per item), :class:`ScalePointsError`,
    :class:`ResponseRangeError`, and :class:`PsychometricsError` if ``min_answered`` ∉ (0, 1].
    """
    x = _as_items(responses)
    _check_range(x, scale_points)
    codes, rev = np.asarray(subscale_of_item, dtype=str), np.asarray(reverse, dtype=bool)
    if codes.shape != (x.shape[1],) or rev.shape != (x.shape[1],):
        raise ShapeError("subscale_of_item and reverse need one entry per item (column)")
    if not 0 < min_answered <= 1:
        raise PsychometricsError(f"min_answered must be in (0, 1], got {min_answered}")
    names = tuple(dict.fromkeys(codes.tolist()))
    member = (codes[:, None] == np.asarray(names)[None, :]).astype(np.int64)  # items × subscales
    answered = ~np.isnan(x)
    n_answered = answered.astype(np.int64) @ member
    sums = np.where(answered, np.where(rev, (1 + scale_points) - x, x), 0.0) @ member
    enough = n_answered >= np.ceil(min_answered * member.sum(axis=0) - 1e-9)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = np.where(enough, sums / n_answered, np.nan)
    return SubscaleScores(names=names, scores=scores, n_answered=n_answered)


def _complete_cov(items: ArrayLike) -> tuple[FloatArray, int]:
    x = _as_items(items)
    if x.shape[1] < 2:
        raise ShapeError(f"need at least 2 items, got {x.shape[1]}")
    x = x[~np.isnan(x).any(axis=1)]
    enough = x.shape[0] >= 2
    return np.cov(x, rowvar=False) if enough else np.full((x.shape[1],) * 2, np.nan), x.shape[0]


def _alpha(k: int, trace: ArrayLike, total: ArrayLike) -> FloatArray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(np.greater(total, 0), k / (k - 1) * (1 - np.divide(trace, total)), np.nan)


def cronbach_alpha(items: ArrayLike, confidence: float = 0.95) -> AlphaResult:
    """Cronbach's α with Feldt's confidence interval, on complete cases.

    α = k/(k − 1) · (1 − Σ s²_j / s²_X), with s²_X the variance of the sum score. Feldt (1965):
    (1 − α)/(1 − α̂) ~ F(n − 1, (n − 1)(k − 1)), so with γ = 1 − confidence the interval is
    [1 − (1 − α̂) F_{1−γ/2}, 1 − (1 − α̂) F_{γ/2}] (as ``psych::alpha.ci`` and pingouin).
    Fewer than 2 complete cases or a constant sum score give NaN (and a NaN interval); identical
    items give 1; α may be negative. :class:`ShapeError` for fewer than 2 items.
    """
    cov, n = _complete_cov(items)
    k = cov.shape[0]
    alpha = float(_alpha(k, np.trace(cov), np.sum(cov)))
    if np.isnan(alpha):
        return AlphaResult(alpha, (np.nan, np.nan), confidence, n, k)
    df1, df2, tail = n - 1, (n - 1) * (k - 1), (1 - confidence) / 2
    lower = 1 - (1 - alpha) * _f_quantile(1 - tail, df1, df2)
    upper = 1 - (1 - alpha) * _f_quantile(tail, df1, df2)
    return AlphaResult(alpha, (lower, upper), confidence, n, k)


def item_rest_correlations(items: ArrayLike) -> FloatArray:
    """Correlation of each item with the sum of the other items (``r.drop`` in ``psych::alpha``).
    Complete cases only. NaN for an item (or a rest score) without variance, or with fewer than
    2 complete cases. Raises :class:`ShapeError` for fewer than 2 items.
    """
    cov, _ = _complete_cov(items)
    var, row = np.diag(cov), cov.sum(axis=1)
    rest_var = cov.sum() - 2 * row + var
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (row - var) / np.sqrt(var * rest_var)
    return np.where((var > 0) & (rest_var > 0), r, np.nan)


def alpha_if_deleted(items: ArrayLike) -> FloatArray:
    """α of the remaining k − 1 items when each item in turn is left out (``raw_alpha`` of
    ``psych::alpha``'s ``alpha.drop``), on the people complete on all k items. NaN where a
    single item would remain (k = 2) or its sum has no variance.
    """
    cov, _ = _complete_cov(items)
    k, var = cov.shape[0], np.diag(cov)
    total = cov.sum() - 2 * cov.sum(axis=1) + var
    return _alpha(k - 1, np.trace(cov) - var, total) if k > 2 else np.full(2, np.nan)


def mcdonald_omega(items: ArrayLike, tol: float = 1e-12, max_iter: int = 10_000) -> OmegaResult:
    """McDonald's ω (total) from a one-factor model of the item correlations.

    ω = (Σ λ_j)² / ((Σ λ_j)² + Σ ψ_j), ψ_j = 1 − λ_j² (McDonald 1999, eq. 6.20b): reliability of
    the sum of standardised items. λ: iterated principal-axis factoring from the squared multiple
    correlations until no communality moves by more than ``tol`` (= ``psych::fa(r, 1, fm = "pa")``
    run to convergence; its fixed point is the minres solution). The denominator is the
    model-implied variance, not the observed one of ``psych::omega``'s ``omega.tot``. Complete
    cases only. NaN with < 3 items, < 2 complete cases, an item without variance, no
    convergence, or a Heywood case (a communality > 1).
    """
    cov, n = _complete_cov(items)
    var = np.diag(cov)
    if cov.shape[0] < 3 or not np.all(var > 0):
        return OmegaResult(np.nan, np.full(cov.shape[0], np.nan), n, False)
    loadings, converged = _principal_axis(cov / np.sqrt(np.outer(var, var)), tol, max_iter)
    psi = np.maximum(1 - loadings**2, 0.0)  # ψ = 0 (a perfect item) is proper, ψ < 0 is not
    good = converged and bool(np.all(loadings**2 < 1 + 1e-9))
    omega = loadings.sum() ** 2 / (loadings.sum() ** 2 + psi.sum()) if good else np.nan
    return OmegaResult(float(omega), loadings, n, converged)


def _principal_axis(corr: FloatArray, tol: float, max_iter: int) -> tuple[FloatArray, bool]:
    communality = 1 - 1 / np.diag(np.linalg.pinv(corr))
    for _ in range(max_iter):
        reduced = corr.copy()
        np.fill_diagonal(reduced, communality)
        values, vectors = np.linalg.eigh(reduced)
        loadings = vectors[:, -1] * np.sqrt(max(values[-1], 0.0))
        done = np.max(np.abs(loadings**2 - communality)) < tol
        communality = loadings**2
        if done:
            break
    return loadings * np.sign(loadings.sum()), bool(done)


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of I_x(a, b) (modified Lentz; Press et al., *Numerical Recipes* §6.4)."""
    tiny, c, d = 1e-300, 1.0, 1.0 - (a + b) * x / (a + 1)
    h = d = 1 / (d if abs(d) > tiny else tiny)
    for m in range(1, 5000):
        for aa in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                   -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):  # fmt: skip
            d, c = 1 + aa * d, 1 + aa / c
            d, c = 1 / (d if abs(d) > tiny else tiny), (c if abs(c) > tiny else tiny)
            h *= d * c
        if abs(d * c - 1) < 1e-16:
            break
    return h


def _betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta I_x(a, b)."""
    if not 0 < x < 1:
        return float(x >= 1)
    front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return front * _betacf(a, b, x) / a
    return 1 - front * _betacf(b, a, 1 - x) / b


def _f_quantile(p: float, df1: float, df2: float) -> float:
    """F quantile, bisecting P(F ≤ f) = I_x(d1/2, d2/2) over x = d1 f/(d1 f + d2)."""
    lo, hi = 0.0, 1.0
    while (mid := (lo + hi) / 2) not in (lo, hi):
        lo, hi = (mid, hi) if _betainc(df1 / 2, df2 / 2, mid) < p else (lo, mid)
    return df2 * mid / (df1 * (1 - mid))


def _group_sums(values: FloatArray, index: NDArray[np.intp], n_groups: int) -> FloatArray:
    np.add.at(out := np.zeros((n_groups, values.shape[1])), index, values)
    return out


def _team_item_stats(
    x: FloatArray, groups: ArrayLike
) -> tuple[NDArray[Any], IntArray, FloatArray, FloatArray]:
    """Labels, respondents, per team × item variance (n − 1) and AD (divisor n); NaN if n < 2."""
    labels, index = np.unique(np.asarray(groups), return_inverse=True)
    if index.shape != (x.shape[0],):
        raise ShapeError("groups needs one team label per person (row)")
    answered = ~np.isnan(x)
    n = _group_sums(answered.astype(np.float64), index, labels.size)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = _group_sums(np.where(answered, x, 0.0), index, labels.size) / n
        dev = np.where(answered, x - mean[index], 0.0)
        var = np.where(n >= 2, _group_sums(dev**2, index, labels.size) / (n - 1), np.nan)
        ad = np.where(n >= 2, _group_sums(np.abs(dev), index, labels.size) / n, np.nan)
    n_respondents = np.bincount(index, answered.any(axis=1), minlength=labels.size)
    return labels, n_respondents.astype(np.int64), var, ad


def _mean_over_items(values: FloatArray) -> tuple[FloatArray, IntArray]:
    valid = ~np.isnan(values)
    count = valid.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(valid, values, 0.0).sum(axis=1) / count, count


def team_agreement(items: ArrayLike, groups: ArrayLike, scale_points: int) -> TeamAgreement:
    """rwg(j), r*wg(j) and AD_M(j) of every team at once (teams sorted by label).

    With s̄² the mean over items of the within-team variances (n − 1), σ²_EU = (A² − 1)/12:
    rwg(j) = J(1 − s̄²/σ²_EU) / [J(1 − s̄²/σ²_EU) + s̄²/σ²_EU] (James et al. 1984), set to 0 when
    s̄² > σ²_EU (LeBreton & Senter 2008), so in [0, 1]; r*wg(j) = 1 − s̄²/σ²_EU (Lindell et al.
    1999), not truncated (≤ 1; near −1 for a split between the extremes, lower in small teams);
    AD_M(j) = mean over items of (1/n) Σ |x_ij − x̄_j| (Burke et al. 1999). The formulas of R's
    ``multilevel::rwg.j``, ``rwg.j.lindell`` and ``ad.m`` (Bliese 2000), except for missing
    answers: each item uses the members who answered it and an item answered by fewer than 2 is
    left out (J counts the items kept), where ``multilevel`` drops members with any NaN. A team
    with no item answered twice gets NaN; a team answering identically gets 1, 1 and 0.
    Raises :class:`ShapeError`, :class:`ScalePointsError`, :class:`ResponseRangeError`.
    """
    x = _as_items(items)
    _check_range(x, scale_points)
    labels, n_respondents, var, ad = _team_item_stats(x, groups)
    s_bar, j = _mean_over_items(var)
    ratio = s_bar / ((scale_points**2 - 1) / 12)
    kept = np.minimum(ratio, 1.0)
    rwg_j = j * (1 - kept) / (j * (1 - kept) + kept)
    return TeamAgreement(labels, n_respondents, rwg_j, 1 - ratio, _mean_over_items(ad)[0])


def _single_team(items: ArrayLike, scale_points: int, index: str) -> float:
    x = _as_items(items)
    values = getattr(team_agreement(x, np.zeros(x.shape[0], int), scale_points), index)
    return float(values[0]) if x.shape[0] else float("nan")


def rwg(item: ArrayLike, scale_points: int) -> float:
    """Single-item agreement of one team, rwg = 1 − s²/σ²_EU (James, Demaree & Wolf 1984).

    ``item`` is 1-D (one answer per member, NaN ignored); s² uses n − 1; σ²_EU = (A² − 1)/12.
    Truncated to 0 when s² > σ²_EU (as ``multilevel::rwg``). NaN with fewer than 2 answers;
    1 when all answers are equal. Raises :class:`ShapeError` if ``item`` is not 1-D.
    """
    if (x := np.asarray(item, dtype=np.float64)).ndim != 1:
        raise ShapeError(f"item must be 1-D (one answer per member), got {x.ndim}-D")
    return _single_team(x[:, None], scale_points, "rwg_j")


def rwg_j(items: ArrayLike, scale_points: int) -> float:
    """rwg(j) of one team (members × items); formula and edge cases in :func:`team_agreement`."""
    return _single_team(items, scale_points, "rwg_j")


def rwg_j_lindell(items: ArrayLike, scale_points: int) -> float:
    """r*wg(j) = 1 − s̄²/σ²_EU of one team (Lindell et al. 1999); see :func:`team_agreement`."""
    return _single_team(items, scale_points, "rwg_j_lindell")


def ad_m(items: ArrayLike) -> float:
    """Average deviation around the mean, AD_M(j), of one team (members × items, or 1-D for one
    item): mean over items of (1/n) Σ |x_ij − x̄_j| (Burke et al. 1999; ``multilevel::ad.m``),
    in scale units. Missing answers as in :func:`team_agreement`; NaN if no item has 2 answers.
    """
    x = np.asarray(items, dtype=np.float64)
    x = _as_items(x.reshape(-1, 1) if x.ndim == 1 else x)
    _, _, _, ad = _team_item_stats(x, np.zeros(x.shape[0], int))
    return float(_mean_over_items(ad)[0][0]) if x.shape[0] else float("nan")


def _one_way_anova(scores: ArrayLike, groups: ArrayLike) -> tuple[float, float, float]:
    """Between and within mean squares of a one-way ANOVA, and the mean group size N/G."""
    y, g = np.asarray(scores, dtype=np.float64), np.asarray(groups)
    if y.ndim != 1 or g.shape != y.shape:
        raise ShapeError("scores and groups must be 1-D and of equal length")
    keep = ~np.isnan(y)
    _, index = np.unique(g[keep], return_inverse=True)
    y, counts = y[keep], np.bincount(index)
    n, k = y.size, counts.size
    if k < 2 or n <= k:
        return np.nan, np.nan, np.nan
    means = np.bincount(index, weights=y) / counts
    ss_between = float(np.sum(counts * (means - y.mean()) ** 2))
    ss_within = float(np.sum((y - means[index]) ** 2))
    return ss_between / (k - 1), ss_within / (n - k), n / k


def icc1(scores: ArrayLike, groups: ArrayLike) -> float:
    """ICC(1) = (MSB − MSW) / (MSB + (k̄ − 1) MSW) from a one-way ANOVA of the scores on teams.

    k̄ = N/G, the mean team size, as ``multilevel::ICC1`` on an ``aov`` fit (Bliese 2000), not the
    k₀ of the ANOVA literature. NaN scores are dropped. Not truncated (may be negative). NaN with
    < 2 teams, no team of 2+, or MSB = MSW = 0; 1 if MSW = 0 < MSB. Raises :class:`ShapeError`.
    """
    msb, msw, k_bar = _one_way_anova(scores, groups)
    denominator = msb + (k_bar - 1) * msw
    return (msb - msw) / denominator if denominator > 0 else float("nan")


def icc2(scores: ArrayLike, groups: ArrayLike) -> float:
    """ICC(2) = (MSB − MSW) / MSB, the reliability of team means (Bliese 2000;
    ``multilevel::ICC2``). NaN when MSB = 0 or the ANOVA is undefined (see :func:`icc1`)."""
    msb, msw, _ = _one_way_anova(scores, groups)
    return (msb - msw) / msb if msb > 0 else float("nan")


def group_mean_reliability(icc1: float, sizes: ArrayLike) -> FloatArray:
    """Reliability of each team's mean, Spearman–Brown: k·ICC(1) / (1 + (k − 1)·ICC(1)).

    One value per entry of ``sizes`` (team sizes k ≥ 1; Bliese 2000); equals ICC(2) for balanced
    teams. NaN where 1 + (k − 1)·ICC(1) = 0. :class:`PsychometricsError` for a size below 1.
    """
    k = np.asarray(sizes, dtype=np.float64)
    if np.any(k < 1):
        raise PsychometricsError("team sizes must be at least 1")
    denominator = 1 + (k - 1) * icc1
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denominator != 0, k * icc1 / denominator, np.nan)
