"""Sample-level split-half reliability of D: odd/even and random (permutation) splits.

Each participant's trials of a block are split in two halves; the variant's D is computed in each
half (error replacement values come from the full block, as in iatgen ``IATreliability``); the
Pearson correlation ``r`` of the half scores across participants is corrected by Spearman-Brown,
``r_sb = 2 r / (1 + r)`` (De Houwer & De Bruycker, 2007).

* Odd/even: halves by presentation position within the block, counted over the trials as
  recorded (a dropped trial keeps its place, like the NA cells of iatgen). Unlike iatgen we do not
  first sort trials by stimulus category, which the trial arrays do not carry.
* Permutation: the mean (and SD, 2.5 and 97.5 percentiles) of ``r_sb`` over many random splits,
  each a random half (ceil/floor) of every block's trials, drawn from a seeded generator.

Participants excluded, or with a NaN half score, do not enter the correlation. With fewer than 3
participants, or no variance, the values are NaN.
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
    values = np.array(
        [
            _one_split(prepared, variant, sd_timing, include, random_halves(prepared, rng))
            for _ in range(n_splits)
        ]
    )
    finite = values[np.isfinite(values)]
    if len(finite) == 0:
        return PermutationSplitHalf(math.nan, math.nan, math.nan, math.nan, n_splits, seed)
    q025, q975 = np.quantile(finite, [0.025, 0.975])
    sd = float(finite.std(ddof=1)) if len(finite) > 1 else math.nan
    return PermutationSplitHalf(float(finite.mean()), sd, float(q025), float(q975), n_splits, seed)


def random_halves(prepared: Prepared, rng: np.random.Generator) -> NDArray[np.intp]:
    """Half (0/1) per trial: parity of a random rank within its block, so halves differ by <= 1."""
    group, position = prepared.group, prepared.position
    n_groups = 4 * prepared.n_participants
    width = int(position.max()) + 1
    if n_groups * width > 4 * len(group) + 1_000_000:
        order = np.lexsort((rng.random(len(group)), group))
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        return _rank_parity(rank, group, n_groups)
    keys = np.full((n_groups, width), 2.0)
    keys[group, position] = rng.random(len(group))
    ranks = np.empty((n_groups, width), dtype=np.intp)
    np.put_along_axis(ranks, np.argsort(keys, axis=1), np.arange(width)[None, :], axis=1)
    return ranks[group, position] & 1


def _rank_parity(
    rank: NDArray[np.intp], group: NDArray[np.intp], n_groups: int
) -> NDArray[np.intp]:
    counts = np.bincount(group, minlength=n_groups)
    start = np.cumsum(counts) - counts
    return (rank - start[group]) & 1


def _one_split(
    prepared: Prepared,
    variant: Variant,
    sd_timing: SdTiming,
    include: NDArray[np.bool_],
    halves: NDArray[np.intp],
) -> float:
    sums = power_sums(
        prepared.group, halves, prepared.state, prepared.shifted, prepared.n_participants
    )
    return split_half(half_d(sums, variant, sd_timing), include).spearman_brown
