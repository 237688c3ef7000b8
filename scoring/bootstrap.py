"""Per-participant standard error of D by a bootstrap over trials within block (seeded).

Each replicate redraws, with replacement, as many kept trials as each block holds, from that
block; the variant's D (replacement values recomputed from the redrawn correct trials) is taken
per replicate, and the SE is the SD (n - 1) of the finite replicate values. A participant with
fewer than two finite replicates gets NaN (e.g. a block without kept trials).

Implementation: kept trials are block-contiguous, so the ``m`` draws of a block are laid out where
its ``m`` trials are. A draw is ``start + floor(u * m)`` with ``u`` uniform; the block's count,
sum and sum of squares (over all draws and over correct draws) are then ``np.add.reduceat`` over
the block runs of the gathered values, with no key and no scatter. The built-in penalty (D1, D2)
needs no correct/error split, so only two sums are taken. Replicates are drawn for all
participants at once, in chunks that bound memory.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from scoring.cells import KEPT_STATES, Moments, Prepared, segment_sums
from scoring.options import SdTiming, Variant
from scoring.variants import variant_d

CHUNK_TRIALS = 4_000_000


def bootstrap_se(
    prepared: Prepared, variant: Variant, sd_timing: SdTiming, n_boot: int, seed: int
) -> NDArray[np.float64]:
    """Bootstrap SE of D per participant (NaN everywhere when ``n_boot < 2``)."""
    n_participants = prepared.n_participants
    if n_boot < 2:
        return np.full(n_participants, np.nan)
    per_chunk = min(n_boot, max(1, CHUNK_TRIALS // max(len(prepared.key), 1)))
    trials = _KeptTrials(prepared, variant, per_chunk)
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(1,)))
    total, total2, count = (np.zeros(n_participants) for _ in range(3))
    for first in range(0, n_boot, per_chunk):
        d = trials.replicates(min(per_chunk, n_boot - first), rng, variant, sd_timing)
        finite = np.isfinite(d)
        d = np.where(finite, d, 0.0)
        total, total2, count = total + d.sum(0), total2 + (d * d).sum(0), count + finite.sum(0)
    with np.errstate(invalid="ignore", divide="ignore"):
        var = (total2 - total * total / count) / (count - 1)
    return np.where(count >= 2, np.sqrt(np.maximum(var, 0.0)), np.nan)


class _KeptTrials:
    """The variant's kept trials in block order, with the start and size of each one's block.

    Work buffers for ``per_chunk`` replicates are allocated once: fresh large arrays on every
    replicate cost more in page faults than the arithmetic.
    """

    def __init__(self, prepared: Prepared, variant: Variant, per_chunk: int) -> None:
        kept = prepared.state < len(KEPT_STATES[variant.deletes_fast_trials])
        every = bool(kept.all())  # the common case: no copy of the per-trial arrays
        self.shifted = prepared.shifted if every else prepared.shifted[kept]
        self.shifted_sq = prepared.shifted_sq if every else prepared.shifted_sq[kept]
        state = prepared.state if every else prepared.state[kept]
        self.correct = np.asarray((state & 1) == 0, dtype=np.float64)
        group = prepared.group if every else prepared.group[kept]
        self.counts = np.bincount(group, minlength=len(prepared.counts))
        self.shape = (prepared.n_participants, 4)
        self.base = np.repeat(np.cumsum(self.counts) - self.counts, self.counts)
        self.size = np.repeat(self.counts.astype(np.float64), self.counts)
        shape = (per_chunk, len(self.size))
        self.draw, self.pick = np.empty(shape), np.empty(shape, dtype=np.intp)
        self.values, self.squares, self.is_correct = (np.empty(shape) for _ in range(3))

    def replicates(
        self, n_rep: int, rng: np.random.Generator, variant: Variant, sd_timing: SdTiming
    ) -> NDArray[np.float64]:
        """D of ``n_rep`` bootstrap replicates, shape ``(n_rep, participants)``."""
        draw, pick = self.draw[:n_rep], self.pick[:n_rep]
        rng.random(out=draw)
        draw *= self.size  # u * m < m in floating point for u < 1, so floor(u * m) <= m - 1
        np.copyto(pick, draw, casting="unsafe")
        pick += self.base
        shape = (n_rep, *self.shape)
        n = np.broadcast_to(self.counts.astype(np.float64).reshape(self.shape), shape)
        values = np.take(self.shifted, pick, out=self.values[:n_rep])
        squares = np.take(self.shifted_sq, pick, out=self.squares[:n_rep])
        blocks = Moments(n, self._sums(values, shape), self._sums(squares, shape))
        if variant.penalty == "built_in":
            correct = blocks
            errors = Moments(*(np.zeros(shape) for _ in range(3)))
        else:
            is_correct = np.take(self.correct, pick, out=self.is_correct[:n_rep])
            values *= is_correct
            squares *= is_correct
            parts = (is_correct, values, squares)
            correct = Moments(*(self._sums(p, shape) for p in parts))
            errors = blocks - correct
        d_practice, d_test = variant_d(correct, errors, variant, sd_timing)
        return (d_practice + d_test) / 2

    def _sums(self, values: NDArray[np.float64], shape: tuple[int, ...]) -> NDArray[np.float64]:
        return segment_sums(values, self.counts).reshape(shape)
