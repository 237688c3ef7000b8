"""Closed-form D of every variant from per-block moments (see :mod:`scoring.cells`).

For one participant and block, let ``C`` be the kept correct trials and ``E`` the kept errors.

* D1, D2 (built-in penalty): the block is ``C + E`` as recorded.
* D3, D5: each error becomes ``r = mean(C) + 2 * sd(C)`` (sd with n - 1).
* D4, D6: each error becomes ``r = mean(C) + 600``.

Replacing ``|E|`` errors by ``r`` adds ``|E|``, ``|E| r`` and ``|E| r**2`` to the count, sum and
sum of squares, so no trial is revisited. Then, with ``M`` block means and ``SD`` the inclusive SD
of the two blocks of a stage (n - 1)::

    D_practice = (M_B,practice - M_A,practice) / SD_practice
    D_test     = (M_B,test - M_A,test) / SD_test
    D          = (D_practice + D_test) / 2

Edge cases: a block without kept trials, a stage SD that is 0 or undefined (fewer than 2 trials),
or a replacement value that cannot be computed (errors but no correct trial; for the 2 SD rule,
errors and a single correct trial) give NaN for that part and for D.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from scoring.cells import CellSums, Moments
from scoring.options import SdTiming, Variant

PENALTY_600_MS = 600.0


def replacement_value(correct: Moments, variant: Variant) -> NDArray[np.float64] | None:
    """Latency given to errors (same shift as the moments), or None for the built-in penalty."""
    if variant.penalty == "built_in":
        return None
    if variant.penalty == "600ms":
        return correct.mean + PENALTY_600_MS
    return correct.mean + 2.0 * np.sqrt(correct.var)


def scored_blocks(correct: Moments, errors: Moments, value: NDArray[np.float64] | None) -> Moments:
    """Moments of each block after the variant's error treatment."""
    if value is None:
        return correct + errors
    has_errors = errors.n > 0
    with np.errstate(invalid="ignore"):
        s1 = np.where(has_errors, errors.n * value, 0.0)
        s2 = np.where(has_errors, errors.n * value * value, 0.0)
    return Moments(correct.n + errors.n, correct.s1 + s1, correct.s2 + s2)


def stage_d(blocks: Moments, sd_blocks: Moments) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``(D_practice, D_test)`` from scored block moments and the moments the SDs come from."""
    mean = blocks.mean
    practice_sd, test_sd = (np.sqrt(m.var) for m in sd_blocks.pooled())
    with np.errstate(invalid="ignore", divide="ignore"):
        d_practice = (mean[..., 1] - mean[..., 0]) / practice_sd
        d_test = (mean[..., 3] - mean[..., 2]) / test_sd
    return _finite_or_nan(d_practice), _finite_or_nan(d_test)


def variant_d(
    correct: Moments,
    errors: Moments,
    variant: Variant,
    sd_timing: SdTiming,
    value_from: Moments | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``(D_practice, D_test)`` of one variant.

    Parameters
    ----------
    correct, errors : Moments
        Kept correct and error trials per block (block axis last).
    variant : Variant
        Error treatment (the < 400 ms deletion is already reflected in the moments).
    sd_timing : SdTiming
        ``after``: inclusive SD of the scored latencies; ``before``: of the recorded ones.
    value_from : Moments, optional
        Correct-trial moments the replacement value is computed from (the full blocks when
        ``correct`` holds only a half); broadcast against ``correct``. Defaults to ``correct``.
    """
    value = replacement_value(correct if value_from is None else value_from, variant)
    blocks = scored_blocks(correct, errors, value)
    sd_blocks = correct + errors if sd_timing is SdTiming.BEFORE else blocks
    return stage_d(blocks, sd_blocks)


def _finite_or_nan(values: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.where(np.isfinite(values), values, np.nan)


def kept_moments(sums: CellSums, deletes_fast: bool, halves: bool) -> tuple[Moments, Moments]:
    """Kept correct and kept error moments per block (per half when ``halves``)."""
    return sums.kept(deletes_fast, halves)


def full_d(
    sums: CellSums, variant: Variant, sd_timing: SdTiming
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``(D_practice, D_test)`` per participant from the power sums."""
    correct, errors = kept_moments(sums, variant.deletes_fast_trials, halves=False)
    return variant_d(correct, errors, variant, sd_timing)


def half_d(sums: CellSums, variant: Variant, sd_timing: SdTiming) -> NDArray[np.float64]:
    """D of each half, shape ``(participants, 2)``; replacement values from the full blocks."""
    correct, errors = kept_moments(sums, variant.deletes_fast_trials, halves=True)
    full = Moments(*(a.sum(axis=1, keepdims=True) for a in (correct.n, correct.s1, correct.s2)))
    d_practice, d_test = variant_d(correct, errors, variant, sd_timing, value_from=full)
    return (d_practice + d_test) / 2
