"""Sample-level split-half reliability of D: odd/even and random (permutation) splits.

Each participant's trials of a block are split in two halves; the variant's D is computed in each
half (error replacement values come from the full block, as in iatgen ``IATreliability``); the
Pearson correlation ``r`` of the half scores across participants is corrected by Spearman-Brown,
``r_sb = 2 r / (1 + r)`` (De Houwer & De Bruycker, 2007).

* Odd/even: trials alternate between the halves in presentation order within the block, counted
  over the trials as recorded (a dropped trial keeps its place, like the NA cells of iatgen).
  When the trials carry a ``stratum`` (stimulus kind or category), the block is first sorted
  stably by stratum and the alternation runs over that order, as iatgen's ``IATreliability``
  does (Carpenter et al., 2019): each stratum is then split evenly (its halves differ by at most
  one trial) even when the block strictly alternates target and attribute trials, where plain
  presentation parity would put all targets in one half and all attributes in the other.
* Permutation: the mean (and SD, 2.5 and 97.5 percentiles) of ``r_sb`` over many random splits.
  Each split shuffles the trials within every (block, stratum) and applies the same alternation,
  so each stratum of each block is split into a random half (ceil/floor) and its complement.

Participants excluded, or with a NaN half score, do not enter the correlation. With fewer than 3
participants, or no variance, the values are NaN.

References
----------
De Houwer, J., & De Bruycker, E. (2007). The implicit association test outperforms the extrinsic
affective Simon task as an implicit measure of inter-individual differences in attitudes.
*British Journal of Social Psychology*, 46, 401-421.

Carpenter, T. P., et al. (2019). Survey-software implicit association tests: A methodological and
empirical analysis. *Behavior Research Methods*, 51, 2194-2208 (iatgen).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from scoring.cells import Prepared, power_sums
from scoring.options import SdTiming, Variant
from scoring.variants import half_d


@dataclass(frozen=True)
class SplitHalf:
    """Correlation of half scores and its Spearman-Brown correction over ``n`` participants."""

    r: float
    spearman_brown: float
    n: int


@dataclass(frozen=True)
class PermutationSplitHalf:
    """Spearman-Brown split-half reliability over ``n_splits`` random splits (seeded)."""

    mean: float
    sd: float
    q025: float
    q975: float
    n_splits: int
    seed: int


def spearman_brown(r: float) -> float:
    """``2 r / (1 + r)``; NaN for ``r = -1`` or NaN."""
    return 2 * r / (1 + r) if math.isfinite(r) and r != -1 else math.nan


def split_half(halves: NDArray[np.float64], include: NDArray[np.bool_]) -> SplitHalf:
    """Split-half reliability from half scores of shape ``(participants, 2)``."""
    ok = include & np.isfinite(halves).all(axis=1)
    first, second = halves[ok, 0], halves[ok, 1]
    if len(first) < 3 or first.std() == 0 or second.std() == 0:
        return SplitHalf(math.nan, math.nan, int(ok.sum()))
    r = float(np.corrcoef(first, second)[0, 1])
    return SplitHalf(r, spearman_brown(r), int(ok.sum()))


def permutation_split_half(
    prepared: Prepared,
    variant: Variant,
    sd_timing: SdTiming,
    include: NDArray[np.bool_],
    n_splits: int,
    seed: int,
) -> PermutationSplitHalf:
    """Random-split reliability (mean over ``n_splits`` splits drawn from ``seed``)."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(2,)))
    splitter = RandomSplitter(prepared)
    values = np.array(
        [
            _one_split(prepared, variant, sd_timing, include, splitter.halves(rng), splitter.keyed)
            for _ in range(n_splits)
        ]
    )
    finite = values[np.isfinite(values)]
    if len(finite) == 0:
        return PermutationSplitHalf(math.nan, math.nan, math.nan, math.nan, n_splits, seed)
    q025, q975 = np.quantile(finite, [0.025, 0.975])
    sd = float(finite.std(ddof=1)) if len(finite) > 1 else math.nan
    return PermutationSplitHalf(float(finite.mean()), sd, float(q025), float(q975), n_splits, seed)


class RandomSplitter:
    """Random halves, each (block, stratum) cell split into a random ceil/floor part.

    Shuffling a cell and alternating from its offset (the trials of its block in lower strata)
    puts a uniformly random subset of ``ceil(m / 2)`` trials (``floor`` for an odd offset) in
    half 0. That subset is the trials whose uniform key is at most the cell's k-th smallest key;
    the k-th smallest comes from sorting a dense ``(cells, width)`` table of keys (padding 2.0).
    """

    def __init__(self, prepared: Prepared) -> None:
        group, stratum, n_trials = prepared.group, prepared.stratum, len(prepared.key)
        strata = 1 if stratum is None else int(stratum.max()) + 1
        cell = group if stratum is None else group * strata + stratum
        size = np.bincount(cell, minlength=len(prepared.counts) * strata)
        offset = np.cumsum(size.reshape(-1, strata), axis=1) - size.reshape(-1, strata)
        within = prepared.position - offset.ravel()[cell]
        self.cell, self.width = cell, int(within.max()) + 1
        self.slot = cell * self.width + within
        self.in_half0 = np.where(offset.ravel() % 2 == 0, (size + 1) // 2, size // 2)
        self.dense = len(size) * self.width <= 4 * n_trials + 1_000_000
        # buffers reused by every split: page faults on fresh arrays cost more than the work
        self.keys, self.gathered = np.empty(n_trials), np.empty(n_trials)
        self.half, self.keyed = np.empty(n_trials, np.bool_), np.empty(n_trials, np.intp)
        self.table = np.empty(len(size) * self.width if self.dense else 0)

    def halves(self, rng: np.random.Generator) -> NDArray[np.bool_]:
        """Half per trial (False: 0, True: 1) of one random split."""
        keys = rng.random(out=self.keys)
        if not self.dense:
            return self._sparse_halves(keys)
        threshold = np.full(len(self.in_half0), -1.0)
        filled = np.flatnonzero(self.in_half0 > 0)
        self.table.fill(2.0)
        self.table[self.slot] = keys
        table = self.table.reshape(-1, self.width)
        table.sort(axis=1)
        threshold[filled] = table[filled, self.in_half0[filled] - 1]
        return np.greater(keys, np.take(threshold, self.cell, out=self.gathered), out=self.half)

    def _sparse_halves(self, keys: NDArray[np.float64]) -> NDArray[np.bool_]:
        # a few very long blocks would make the dense table huge: rank by one global sort
        order = np.lexsort((keys, self.cell))
        sizes = np.bincount(self.cell, minlength=len(self.in_half0))
        cell = self.cell[order]
        rank = np.arange(len(order)) - (np.cumsum(sizes) - sizes)[cell]
        half = np.empty(len(order), dtype=np.bool_)
        half[order] = rank >= self.in_half0[cell]
        return half


def _one_split(
    prepared: Prepared,
    variant: Variant,
    sd_timing: SdTiming,
    include: NDArray[np.bool_],
    halves: NDArray[np.bool_],
    keyed: NDArray[np.intp],
) -> float:
    sums = power_sums(
        prepared.key, halves, prepared.shifted, prepared.shifted_sq, prepared.n_participants, keyed
    )
    return split_half(half_d(sums, variant, sd_timing), include).spearman_brown
