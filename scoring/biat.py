"""Brief IAT (BIAT) D score, vectorised across participants.

In a BIAT (Sriram & Greenwald, 2009) each block names two *focal* categories, a target and
attribute +, that share one key; everything else takes the other key. Blocks with target A focal
are pairing ``A`` (target A with attribute +), blocks with target B focal pairing ``B``; the
pairings alternate from block to block. Scoring follows the recommendations of Nosek, Bar-Anan,
Sriram, Axt & Greenwald (2014), as pyiat 0.2 implements them (``analyze_iat(..., biat=True)``):

1. the first 4 trials of every block are dropped (warm-up);
2. latencies between 2000 and 10 000 ms (both exclusive) are recoded to 2000 ms and latencies
   below 400 ms to 400 ms;
3. trials of 10 000 ms or more are dropped;
4. errors keep their latency (the task uses forced correction, so it includes the correction);
5. the scored blocks of a participant are taken in order and paired (1st with 2nd, 3rd with
   4th...); each pair gives ``D_k = (M_B - M_A) / SD_k`` with ``SD_k`` the sample SD
   (``n - 1``) of every kept trial of the pair's two blocks;
6. ``D`` is the mean of the pair scores.

D > 0 means faster in pairing ``A``, as for the IAT. pyiat's D is ``cond1 - cond2``: ours equals
it with ``cond1`` = pairing B. A pair without a block of each pairing gives a NaN ``D_k`` and so
a NaN D. ``flag_fast`` marks participants with more than 10 % of scored trials (after step 1)
faster than 300 ms, the exclusion Nosek et al. (2014) recommend; the score is still given.

Reliability: odd/even split-half with Spearman-Brown correction, as for the IAT: within every
block, the kept trials alternate between the halves in recorded order (dropped trials keep their
place) and D is computed in each half with the same formula.

References
----------
Sriram, N., & Greenwald, A. G. (2009). The Brief Implicit Association Test. *Experimental
Psychology*, 56(4), 283-294.

Nosek, B. A., Bar-Anan, Y., Sriram, N., Axt, J., & Greenwald, A. G. (2014). Understanding and
using the Brief Implicit Association Test: Recommended scoring procedures. *PLoS ONE*, 9(12),
e110938.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from scoring.errors import InvalidTrialsError
from scoring.groups import group_mean, group_sd, parity_in_group, position_in_group
from scoring.reliability import SplitHalf, split_half

WARMUP_TRIALS = 4
FLOOR_MS = 400.0
CEILING_MS = 2000.0
SLOW_MS = 10_000.0
FAST_FLAG_MS = 300.0
FAST_FLAG_RATE = 0.10


@dataclass(frozen=True)
class BiatResult:
    """BIAT scores, one element per participant label (in label order).

    Attributes
    ----------
    participant : ndarray
        Labels.
    d : ndarray of float
        Mean of the block-pair scores; NaN when a pair lacks a pairing.
    d_pairs : ndarray of float, shape (participants, pairs)
        ``D_k`` of each pair of scored blocks (NaN where a participant has fewer pairs).
    error_rate, fast_rate : ndarray of float
        Errors and trials < 300 ms among the trials after the warm-up.
    n_trials, n_scored : ndarray of int
        Trials recorded, trials entering D.
    flag_fast : ndarray of bool
        More than 10 % of trials after the warm-up faster than 300 ms.
    split_half : SplitHalf
        Odd/even reliability over the participants with a finite D.
    halves : ndarray of float, shape (participants, 2)
        D of the odd and of the even half (the split-half's two columns).
    """

    participant: NDArray[Any]
    d: NDArray[np.float64]
    d_pairs: NDArray[np.float64]
    error_rate: NDArray[np.float64]
    fast_rate: NDArray[np.float64]
    n_trials: NDArray[np.int64]
    n_scored: NDArray[np.int64]
    flag_fast: NDArray[np.bool_]
    split_half: SplitHalf
    halves: NDArray[np.float64]


def compute_biat_d(
    participant: ArrayLike,
    block: ArrayLike,
    is_a: ArrayLike,
    trial: ArrayLike,
    latency_ms: ArrayLike,
    error: ArrayLike,
) -> BiatResult:
    """Score BIAT test blocks (see the module docstring for the steps).

    Parameters
    ----------
    participant : array_like
        Participant label per trial.
    block : array_like of int
        Block number in the session; only its order within a participant matters.
    is_a : array_like of bool
        True in pairing A blocks (target A focal with attribute +).
    trial : array_like of int
        Trial number within the block, from 1; trials 1 to 4 are the warm-up.
    latency_ms : array_like of float
        Latency to the correct response.
    error : array_like of bool
        True when the first response was wrong (used for the error rate only).

    Raises
    ------
    InvalidTrialsError
        Mismatched lengths, no trial, non-finite or negative latencies.
    """
    labels, code, rank, cond, number, latency, err = _validated(
        participant, block, is_a, trial, latency_ms, error
    )
    n, n_pairs = len(labels), int(rank.max()) // 2 + 1
    after_warmup = number > WARMUP_TRIALS
    recoded = np.where(latency > CEILING_MS, CEILING_MS, np.maximum(latency, FLOOR_MS))
    kept = after_warmup & (latency < SLOW_MS)
    cells = _Cells(code, rank // 2, cond, n, n_pairs)
    d_pairs = cells.pair_scores(recoded, kept)
    parity = parity_in_group(code * (int(rank.max()) + 1) + rank)
    halves = np.stack(
        [cells.mean_d(cells.pair_scores(recoded, kept & (parity == half))) for half in (0, 1)],
        axis=1,
    )
    d = cells.mean_d(d_pairs)
    fast = group_mean((latency < FAST_FLAG_MS).astype(float), code, n, after_warmup)
    return BiatResult(
        participant=labels,
        d=d,
        d_pairs=np.where(cells.exists, d_pairs, np.nan),
        error_rate=group_mean(err.astype(float), code, n, after_warmup),
        fast_rate=fast,
        n_trials=np.bincount(code, minlength=n).astype(np.int64),
        n_scored=np.bincount(code, weights=kept, minlength=n).astype(np.int64),
        flag_fast=fast > FAST_FLAG_RATE,
        split_half=split_half(halves, np.isfinite(d)),
        halves=halves,
    )


@dataclass(frozen=True)
class _Cells:
    """Trial codes of the (participant, pair, pairing) cells."""

    code: NDArray[np.intp]
    pair: NDArray[np.intp]
    cond: NDArray[np.intp]
    n: int
    n_pairs: int

    @property
    def exists(self) -> NDArray[np.bool_]:
        """``(participants, pairs)``: the participant has a block in the pair."""
        flat = self.code * self.n_pairs + self.pair
        counts = np.bincount(flat, minlength=self.n * self.n_pairs)
        return (counts > 0).reshape(self.n, self.n_pairs)

    def pair_scores(
        self, values: NDArray[np.float64], rows: NDArray[np.bool_]
    ) -> NDArray[np.float64]:
        """``(M_B - M_A) / SD`` per participant and pair over ``rows``."""
        flat = self.code * self.n_pairs + self.pair
        size = self.n * self.n_pairs
        means = group_mean(values, flat * 2 + self.cond, 2 * size, rows).reshape(-1, 2)
        sd = group_sd(values, flat, size, rows)
        return ((means[:, 0] - means[:, 1]) / sd).reshape(self.n, self.n_pairs)

    def mean_d(self, d_pairs: NDArray[np.float64]) -> NDArray[np.float64]:
        """Mean over the pairs a participant has; NaN if one of them is NaN."""
        exists = self.exists
        total = np.where(exists, d_pairs, 0.0).sum(axis=1)
        count = exists.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def _validated(
    participant: ArrayLike, *arrays: ArrayLike
) -> tuple[
    NDArray[Any],
    NDArray[np.intp],
    NDArray[np.intp],
    NDArray[np.intp],
    NDArray[np.int64],
    NDArray[np.float64],
    NDArray[np.bool_],
]:
    labels, code = np.unique(np.asarray(participant), return_inverse=True)
    columns = [np.asarray(x) for x in arrays]  # block, is_a, trial, latency_ms, error
    if len({len(code), *(len(column) for column in columns)}) != 1:
        raise InvalidTrialsError(
            "participant, block, is_a, trial, latency_ms and error differ in length"
        )
    if len(code) == 0:
        raise InvalidTrialsError("no trial to score")
    latency = columns[3].astype(float)
    if not np.isfinite(latency).all() or (latency < 0).any():
        raise InvalidTrialsError("latencies must be finite and >= 0")
    return (
        labels,
        code.astype(np.intp),
        _block_rank(code.astype(np.intp), columns[0]),
        columns[1].astype(bool).astype(np.intp),
        columns[2].astype(np.int64),
        latency,
        columns[4].astype(bool),
    )


def _block_rank(code: NDArray[np.intp], block: NDArray[Any]) -> NDArray[np.intp]:
    """0-based rank of each trial's block among its participant's blocks, in block order."""
    values, block_code = np.unique(block, return_inverse=True)
    combined = code * len(values) + block_code
    unique, inverse = np.unique(combined, return_inverse=True)
    return position_in_group(unique // len(values))[inverse]
