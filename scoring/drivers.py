"""The driver view: which team figure relates most to an outcome, as relative weights.

Relative weights (Johnson 2000) split the R² of the regression of the outcome on all predictors
into one non-negative share per predictor, even when the predictors are correlated (mean D, LEAD,
CONN and AUTO usually are). With R_xx = V Λ Vᵀ the predictors' correlation matrix and r_xy their
correlations with the outcome::

    H = V Λ^{1/2} Vᵀ              (R_xx^{1/2}: correlations of X with its closest orthonormal Z)
    β = H⁻¹ r_xy                  (standardised regression of the outcome on Z)
    ε_k = Σ_j H_kj² β_j²          (raw weight of predictor k);  Σ_k ε_k = R²

``share`` = ε_k / R². With uncorrelated predictors ε_k = r_k²; the weights approximate the general
dominance weights of Budescu (1993) / Azen & Budescu (2003) closely (LeBreton, Ployhart & Ladd
2004) at a fraction of the cost (no 2^p subset regressions).

Uncertainty: teams are resampled with replacement ``n_boot`` times (a ``numpy.random.Generator``
seeded with ``seed``: the same call gives the same intervals), the weights recomputed on each
resample; percentile intervals for ε_k and, per predictor, the share of resamples in which it has
the largest weight (``top_probability``; Tonidandel, LeBreton & Johnson 2009). Resamples where a
variable is constant or R_xx is singular are dropped (``n_boot_used`` says how many remain).

Conventions: rows are teams; a team with a NaN anywhere is left out (complete cases across all
predictors, so every weight uses the same teams). Unweighted (each team counts once): the weights
describe the spread of teams, and weighting by size would let a few large teams decide the
ranking. NaN everywhere when fewer than p + 2 teams remain. Nothing is rounded.

References
    Johnson (2000), *Multivariate Behavioral Research* 35, 1–19. Budescu (1993), *Psychological
    Bulletin* 114, 542–551. Azen & Budescu (2003), *Psychological Methods* 8, 129–148. LeBreton,
    Ployhart & Ladd (2004), *Organizational Research Methods* 7, 258–282. Tonidandel, LeBreton &
    Johnson (2009), *Psychological Methods* 14, 387–399.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from scoring.errors import ScoringError

FloatArray = NDArray[np.float64]
_SINGULAR = 1e-10  # smallest eigenvalue of R_xx below which the weights are not identified


class DriverError(ScoringError):
    """Predictors not teams × predictors, an outcome or names of the wrong length, bad options."""


@dataclass(frozen=True)
class RelativeWeights:
    names: tuple[str, ...]
    r_squared: float
    r: FloatArray  # zero-order r with the outcome (same teams): the weights carry no sign
    raw: FloatArray  # ε_k, summing to r_squared
    share: FloatArray  # ε_k / R²
    ci_low: FloatArray  # percentile interval of ε_k at ``confidence``
    ci_high: FloatArray
    top_probability: FloatArray  # share of resamples where predictor k has the largest ε
    n_teams: int
    n_boot: int
    n_boot_used: int
    seed: int
    confidence: float


def _correlations(data: FloatArray) -> FloatArray:
    """Correlation matrices of a stack of data sets (… × teams × variables); NaN if constant."""
    centred = data - data.mean(axis=-2, keepdims=True)
    cov = np.einsum("...gi,...gj->...ij", centred, centred)
    sd = np.sqrt(np.einsum("...ii->...i", cov))
    with np.errstate(invalid="ignore", divide="ignore"):
        return cov / (sd[..., :, None] * sd[..., None, :])  # type: ignore[no-any-return]


def _raw_weights(corr: FloatArray) -> FloatArray:
    """ε of each matrix of a stack (… × (p+1) × (p+1), outcome last); NaN rows where undefined."""
    p = corr.shape[-1] - 1
    ok: NDArray[np.bool_] = np.asarray(np.isfinite(corr).all(axis=(-2, -1)))
    corr = np.where(ok[..., None, None], corr, np.eye(p + 1))
    evals, evecs = np.linalg.eigh(corr[..., :p, :p])
    ok &= evals.min(axis=-1) > _SINGULAR
    half = (evecs * np.sqrt(np.clip(evals, 0, None))[..., None, :]) @ np.swapaxes(evecs, -1, -2)
    beta = np.linalg.pinv(half) @ corr[..., :p, p:]
    eps = (half**2 @ beta**2)[..., 0]
    return np.where(ok[..., None], eps, np.nan)


def _complete(predictors: ArrayLike, outcome: ArrayLike, names: Sequence[str]) -> FloatArray:
    x, y = np.asarray(predictors, dtype=np.float64), np.asarray(outcome, dtype=np.float64)
    if x.ndim != 2 or y.shape != (x.shape[0],) or len(names) != x.shape[1]:
        raise DriverError("predictors must be teams × predictors, with one outcome per team")
    data = np.column_stack([x, y])
    return data[~np.isnan(data).any(axis=1)]


def _bootstrap(data: FloatArray, n_boot: int, seed: int) -> FloatArray:
    """ε on each of ``n_boot`` resamples of the teams (rows), drawn in batches to bound memory."""
    rng = np.random.default_rng(seed)
    index = rng.integers(0, data.shape[0], size=(n_boot, data.shape[0]))
    batches = [
        _raw_weights(_correlations(data[rows])) for rows in np.array_split(index, 1 + n_boot // 500)
    ]
    return np.concatenate(batches)


def _summarise(boot: FloatArray, confidence: float, p: int) -> tuple[FloatArray, ...]:
    """Percentile interval of each weight and how often each is the largest, over resamples."""
    if not boot.size:
        return (np.full(p, np.nan),) * 3
    alpha = (1 - confidence) / 2
    low, high = np.quantile(boot, [alpha, 1 - alpha], axis=0)
    return low, high, np.bincount(boot.argmax(axis=1), minlength=p) / boot.shape[0]


def relative_weights(
    predictors: ArrayLike,
    outcome: ArrayLike,
    names: Sequence[str],
    n_boot: int = 2000,
    seed: int = 0,
    confidence: float = 0.95,
) -> RelativeWeights:
    """Johnson's (2000) relative weights of each predictor for the outcome, with bootstrap CIs.

    ``predictors`` is teams × p, ``outcome`` one value per team; formulas, conventions and edge
    cases in the module docstring. Raises :class:`DriverError` for mismatched shapes,
    ``n_boot`` < 1 or ``confidence`` outside (0, 1).
    """
    if n_boot < 1 or not 0 < confidence < 1:
        raise DriverError("n_boot must be ≥ 1 and confidence in (0, 1)")
    data, p = _complete(predictors, outcome, names), len(names)
    nan = np.full(p, np.nan)
    if data.shape[0] < p + 2:
        empty = dict(r=nan, raw=nan, share=nan, ci_low=nan, ci_high=nan, top_probability=nan)
        return RelativeWeights(
            tuple(names),
            np.nan,
            **empty,
            n_teams=data.shape[0],
            n_boot=n_boot,
            n_boot_used=0,
            seed=seed,
            confidence=confidence,
        )
    corr = _correlations(data)
    raw = _raw_weights(corr)
    boot = _bootstrap(data, n_boot, seed)
    boot = boot[~np.isnan(boot).any(axis=1)]
    low, high, top = _summarise(boot, confidence, p)
    r2 = float(raw.sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        share = raw / r2
    return RelativeWeights(
        tuple(names),
        r2,
        corr[:p, p],
        raw,
        share,
        low,
        high,
        top,
        data.shape[0],
        n_boot,
        boot.shape[0],
        seed,
        confidence,
    )
