"""Per-block power sums of all participants in three ``bincount`` passes.

Every trial gets a *state* (correct/error x normal, 300-400 ms, < 300 ms, slow) and a *half*
(odd/even position within its block). One integer key per trial, participant x half x block x
state, lets three ``numpy.bincount`` calls give the count, sum and sum of squares of every
combination. All D variants, their odd/even halves and the exclusion rules are then closed-form
functions of these sums, with no further pass over the trials.

Latencies are shifted by a per-participant constant (the participant's mean latency with values
clipped at the slow cut-off) before the sums are taken: the variance ``s2 - s1**2 / n`` then loses
no precision to cancellation, and D is exactly invariant to the shift.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from scoring.options import Latency, SlowCut
from scoring.trials import TrialArrays

SLOW_MS = 10_000.0
FAST_TRIAL_MS = 400.0
FAST_PARTICIPANT_MS = 300.0
N_STATES = 8
"""state = error + 2 * band, band 0: >= 400 ms, 1: 300-400 ms, 2: < 300 ms, 3: slow."""
KEPT_STATES = {False: np.arange(6), True: np.arange(2)}
"""States entering D without / with deletion of trials < 400 ms."""


@dataclass(frozen=True)
class Moments:
    """Count, sum and sum of squares of (shifted) latencies; any shape, block axis last."""

    n: NDArray[np.float64]
    s1: NDArray[np.float64]
    s2: NDArray[np.float64]

    def __add__(self, other: Moments) -> Moments:
        return Moments(self.n + other.n, self.s1 + other.s1, self.s2 + other.s2)

    @property
    def mean(self) -> NDArray[np.float64]:
        """Mean, NaN when n = 0."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.n > 0, self.s1 / self.n, np.nan)

    @property
    def var(self) -> NDArray[np.float64]:
        """Sample variance (n - 1), NaN when n < 2; tiny negative rounding clipped to 0."""
        with np.errstate(invalid="ignore", divide="ignore"):
            ss = self.s2 - self.s1 * self.s1 / self.n
            return np.where(self.n > 1, np.maximum(ss, 0.0) / (self.n - 1), np.nan)

    def pooled(self) -> tuple[Moments, Moments]:
        """Practice (A + B practice) and test (A + B test) pooled over pairings."""
        return self.take(0) + self.take(1), self.take(2) + self.take(3)

    def take(self, cell: int) -> Moments:
        """One block (last axis index)."""
        return Moments(self.n[..., cell], self.s1[..., cell], self.s2[..., cell])


@dataclass(frozen=True, eq=False)
class CellSums:
    """Power sums with shape ``(participants, 2 halves, 4 blocks, N_STATES)``."""

    n: NDArray[np.float64]
    s1: NDArray[np.float64]
    s2: NDArray[np.float64]

    def select(self, states: NDArray[np.intp], halves: bool) -> Moments:
        """Sum over the given states (and over halves unless ``halves``)."""
        parts = [a[..., states].sum(axis=-1) for a in (self.n, self.s1, self.s2)]
        if not halves:
            parts = [p.sum(axis=1) for p in parts]
        return Moments(*parts)


@dataclass(frozen=True, eq=False)
class Prepared:
    """Trials reduced to what every variant needs, in block-contiguous order.

    ``group`` = participant * 4 + block, non-decreasing; ``shifted`` latency minus the
    participant's shift; ``state`` per trial; ``sums`` the odd/even power sums.
    """

    n_participants: int
    group: NDArray[np.intp]
    position: NDArray[np.intp]
    shifted: NDArray[np.float64]
    state: NDArray[np.int8]
    sums: CellSums


def prepare(trials: TrialArrays, slow_cut: SlowCut, latency: Latency) -> Prepared:
    """Sort trials by block (stable, so presentation order is kept) and take their power sums."""
    raw = trials.first_latency_ms if latency is Latency.FIRST else trials.latency_ms
    group = trials.participant * 4 + trials.cell
    if len(group) > 1 and not bool(np.all(group[1:] >= group[:-1])):
        order = np.argsort(group, kind="stable")
        group, raw, error = group[order], raw[order], trials.error[order]
    else:
        error = trials.error
    n_participants = trials.n_participants
    state = trial_state(raw, error, slow_cut)
    shifted = raw - participant_shift(group // 4, raw, n_participants)[group // 4]
    position = position_in_group(group, 4 * n_participants)
    sums = power_sums(group, position & 1, state, shifted, n_participants)
    return Prepared(n_participants, group, position, shifted, state, sums)


def trial_state(
    latency: NDArray[np.float64], error: NDArray[np.bool_], slow_cut: SlowCut
) -> NDArray[np.int8]:
    """``error + 2 * band`` with band 0 (kept), 1 (300-400 ms), 2 (< 300 ms), 3 (slow)."""
    slow = latency >= SLOW_MS if slow_cut is SlowCut.GE else latency > SLOW_MS
    band = (latency < FAST_TRIAL_MS).astype(np.int8)
    band += latency < FAST_PARTICIPANT_MS
    band += slow.astype(np.int8) * 3
    return band * 2 + error


def participant_shift(
    code: NDArray[np.intp], latency: NDArray[np.float64], n_participants: int
) -> NDArray[np.float64]:
    """Per-participant mean of latencies clipped at the slow cut-off (0 when no trial)."""
    total = np.bincount(code, weights=np.minimum(latency, SLOW_MS), minlength=n_participants)
    count = np.bincount(code, minlength=n_participants)
    return np.divide(total, count, out=np.zeros(n_participants), where=count > 0)


def position_in_group(group: NDArray[np.intp], n_groups: int) -> NDArray[np.intp]:
    """0-based position of each element within its group; ``group`` must be non-decreasing."""
    counts = np.bincount(group, minlength=n_groups)
    start = np.cumsum(counts) - counts
    return np.arange(len(group)) - start[group]


def power_sums(
    group: NDArray[np.intp],
    half: NDArray[np.intp],
    state: NDArray[np.int8],
    shifted: NDArray[np.float64],
    n_participants: int,
) -> CellSums:
    """Count, sum and sum of squares per participant x half x block x state."""
    participant, cell = np.divmod(group, 4)
    key = ((participant * 2 + half) * 4 + cell) * N_STATES + state
    size = n_participants * 2 * 4 * N_STATES
    shape = (n_participants, 2, 4, N_STATES)
    n = np.bincount(key, minlength=size).astype(np.float64)
    s1 = np.bincount(key, weights=shifted, minlength=size).astype(np.float64)
    s2 = np.bincount(key, weights=shifted * shifted, minlength=size).astype(np.float64)
    return CellSums(n.reshape(shape), s1.reshape(shape), s2.reshape(shape))
