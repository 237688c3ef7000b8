"""Per-participant standard error of D by a bootstrap over trials within block (seeded).

Each replicate redraws, with replacement, as many kept trials as each block holds, from that
block; the variant's D (replacement values recomputed from the redrawn correct trials) is taken
per replicate, and the SE is the SD (n - 1) of the finite replicate values. Replicates are drawn
for all participants at once, in chunks that bound memory. A participant with fewer than two
finite replicates gets NaN (e.g. a block without kept trials).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from scoring.cells import KEPT_STATES, Moments, Prepared
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
    kept = prepared.state < len(KEPT_STATES[variant.deletes_fast_trials])
    trials = _KeptTrials(prepared.group[kept], prepared.shifted[kept], prepared.state[kept] & 1)
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(1,)))
    per_chunk = max(1, CHUNK_TRIALS // max(len(trials.group), 1))
    total, total2, count = (np.zeros(n_participants) for _ in range(3))
    for first in range(0, n_boot, per_chunk):
        d = trials.replicates(
            min(per_chunk, n_boot - first), n_participants, rng, variant, sd_timing
        )
        finite = np.isfinite(d)
        d = np.where(finite, d, 0.0)
        total, total2, count = total + d.sum(0), total2 + (d * d).sum(0), count + finite.sum(0)
    with np.errstate(invalid="ignore", divide="ignore"):
        var = (total2 - total * total / count) / (count - 1)
    return np.where(count >= 2, np.sqrt(np.maximum(var, 0.0)), np.nan)


class _KeptTrials:
    """Kept trials in block order with, for each, the start and size of its block."""

    def __init__(
        self, group: NDArray[np.intp], shifted: NDArray[np.float64], error: NDArray[np.int8]
    ) -> None:
        self.group, self.shifted, self.error = group, shifted, error
        counts = np.bincount(group)
        self.base = (np.cumsum(counts) - counts)[group]
        self.size = counts[group].astype(np.float64)

    def replicates(
        self,
        n_rep: int,
        n_participants: int,
        rng: np.random.Generator,
        variant: Variant,
        sd_timing: SdTiming,
    ) -> NDArray[np.float64]:
        """D of ``n_rep`` bootstrap replicates, shape ``(n_rep, participants)``."""
        pick = self.base + (rng.random((n_rep, len(self.group))) * self.size).astype(np.intp)
        n_groups = 4 * n_participants
        key = (np.arange(n_rep)[:, None] * n_groups + self.group) * 2 + self.error[pick]
        values = self.shifted[pick]
        size, shape = n_rep * n_groups * 2, (n_rep, n_participants, 4, 2)
        n = np.bincount(key.ravel(), minlength=size).astype(np.float64).reshape(shape)
        s1 = _float_sums(key, values, size).reshape(shape)
        s2 = _float_sums(key, values * values, size).reshape(shape)
        correct = Moments(n[..., 0], s1[..., 0], s2[..., 0])
        errors = Moments(n[..., 1], s1[..., 1], s2[..., 1])
        d_practice, d_test = variant_d(correct, errors, variant, sd_timing)
        return (d_practice + d_test) / 2


def _float_sums(
    key: NDArray[np.intp], values: NDArray[np.float64], size: int
) -> NDArray[np.float64]:
    return np.bincount(key.ravel(), weights=values.ravel(), minlength=size).astype(np.float64)
