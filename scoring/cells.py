"""Per-block power sums of all participants in three ``bincount`` passes.

Every trial gets a *state* (correct/error x normal, 300-400 ms, < 300 ms, slow) and a *half*
(odd/even split position within its block, see :func:`split_position`). One integer key per
trial, ``(participant * 4 + block) << 4 | half << 3 | state``, lets three ``numpy.bincount``
calls give the count, sum and sum of squares of every combination. All D variants, their odd/even
halves and the exclusion rules are then closed-form functions of these sums, with no further pass
over the trials.

Latencies are shifted by a per-participant constant (the participant's mean latency with values
clipped at the slow cut-off) before the sums are taken: the variance ``s2 - s1**2 / n`` then loses
no precision to cancellation, and D is exactly invariant to the shift.

Trials are brought into block-contiguous order once (a stable sort, skipped when the arrays
already are, as a store returns them); per-participant and per-block quantities are then taken
with ``np.add.reduceat`` and ``np.repeat`` over runs instead of scattered reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from scoring.options import Latency, SlowCut
from scoring.trials import TrialArrays

SLOW_MS = 10_000.0
FAST_TRIAL_MS = 400.0
FAST_PARTICIPANT_MS = 300.0
N_STATES = 8
"""state = error + 2 * band, band 0: >= 400 ms, 1: 300-400 ms, 2: < 300 ms, 3: slow."""
KEY_SHIFT = 4
"""Bits below the block in a key: 3 for the state, 1 for the half."""
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

    def __sub__(self, other: Moments) -> Moments:
        return Moments(self.n - other.n, self.s1 - other.s1, self.s2 - other.s2)

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


_COMBINE = np.zeros((N_STATES, 4))
_COMBINE[[0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 2, 3]] = 1.0
"""State columns -> correct >= 400, error >= 400, correct < 400, error < 400 (slow dropped)."""


@dataclass(frozen=True, eq=False)
class CellSums:
    """Power sums with shape ``(participants, 4 blocks, 2 halves, N_STATES)``, contiguous."""

    n: NDArray[np.float64]
    s1: NDArray[np.float64]
    s2: NDArray[np.float64]

    def kept(self, deletes_fast: bool, halves: bool) -> tuple[Moments, Moments]:
        """Kept correct and kept error moments, shape ``(participants, [2 halves,] 4 blocks)``."""
        correct, errors = self._kept[deletes_fast]
        if halves:
            return correct, errors
        return _sum_halves(correct), _sum_halves(errors)

    @cached_property
    def _kept(self) -> dict[bool, tuple[Moments, Moments]]:
        # one small matrix product per power folds the states; halves moved before blocks
        folded = [np.transpose(a @ _COMBINE, (0, 2, 1, 3)) for a in (self.n, self.s1, self.s2)]
        ge400 = [np.ascontiguousarray(f[..., :2]) for f in folded]
        lt400 = [np.ascontiguousarray(f[..., 2:]) for f in folded]
        whole = [a + b for a, b in zip(ge400, lt400, strict=True)]
        return {True: _split_errors(ge400), False: _split_errors(whole)}

    @cached_property
    def state_counts(self) -> NDArray[np.int64]:
        """Trials per participant, block and state (halves summed), int64."""
        return np.asarray(self.n.sum(axis=2), dtype=np.int64)

    @cached_property
    def participant_state_counts(self) -> NDArray[np.int64]:
        """Trials per participant and state, int64."""
        return np.asarray(self.state_counts.sum(axis=1), dtype=np.int64)

    @cached_property
    def block_counts(self) -> NDArray[np.int64]:
        """Trials per participant and block, int64."""
        return np.asarray(self.state_counts.sum(axis=2), dtype=np.int64)


def _split_errors(parts: list[NDArray[np.float64]]) -> tuple[Moments, Moments]:
    correct = Moments(*(np.ascontiguousarray(p[..., 0]) for p in parts))
    return correct, Moments(*(np.ascontiguousarray(p[..., 1]) for p in parts))


def _sum_halves(moments: Moments) -> Moments:
    return Moments(*(a[:, 0] + a[:, 1] for a in (moments.n, moments.s1, moments.s2)))


@dataclass(frozen=True, eq=False)
class Prepared:
    """Trials reduced to what every variant needs, in block-contiguous order.

    ``counts`` trials per group (participant * 4 + block); per trial: ``key`` =
    ``group << KEY_SHIFT | state``, ``state``, ``position`` (split position, see
    :func:`split_position`), ``stratum`` (or None), ``shifted`` latency minus the participant's
    shift and its square; ``sums`` the odd/even power sums.
    """

    n_participants: int
    counts: NDArray[np.intp]
    key: NDArray[np.intp]
    state: NDArray[np.int8]
    position: NDArray[np.intp]
    stratum: NDArray[np.intp] | None
    shifted: NDArray[np.float64]
    shifted_sq: NDArray[np.float64]
    sums: CellSums

    @property
    def group(self) -> NDArray[np.intp]:
        """participant * 4 + block, per trial (non-decreasing)."""
        return np.right_shift(self.key, KEY_SHIFT)


def prepare(trials: TrialArrays, slow_cut: SlowCut, latency: Latency) -> Prepared:
    """Bring trials into block order (stable, presentation order kept) and take power sums."""
    raw = trials.first_latency_ms if latency is Latency.FIRST else trials.latency_ms
    group, error, stratum = block_group(trials), trials.error, trials.stratum
    if len(group) > 1 and not bool(np.all(group[1:] >= group[:-1])):
        order = np.argsort(group, kind="stable")
        group, raw, error = group[order], raw[order], error[order]
        stratum = None if stratum is None else stratum[order]
    n_participants = trials.n_participants
    counts = np.bincount(group, minlength=4 * n_participants)
    state = trial_state(raw, error, slow_cut)
    per_participant = counts.reshape(n_participants, 4).sum(axis=1)
    shifted = np.repeat(-participant_shift(raw, per_participant), per_participant)
    shifted += raw
    position = split_position(group, counts, stratum)
    key = np.left_shift(group, KEY_SHIFT, out=group)
    key |= state
    shifted_sq = shifted * shifted
    sums = power_sums(key, position & 1, shifted, shifted_sq, n_participants)
    return Prepared(
        n_participants, counts, key, state, position, stratum, shifted, shifted_sq, sums
    )


def block_group(trials: TrialArrays) -> NDArray[np.intp]:
    """``participant * 4 + block`` per trial, block in :data:`~scoring.trials.CELLS` order."""
    group = np.left_shift(trials.participant, 2)
    group |= np.left_shift(trials.is_test.view(np.uint8), 1)
    group |= ~trials.is_a
    return group


def trial_state(
    latency: NDArray[np.float64], error: NDArray[np.bool_], slow_cut: SlowCut
) -> NDArray[np.int8]:
    """``error + 2 * band`` with band 0 (kept), 1 (300-400 ms), 2 (< 300 ms), 3 (slow)."""
    slow = latency >= SLOW_MS if slow_cut is SlowCut.GE else latency > SLOW_MS
    band = np.less(latency, FAST_TRIAL_MS).view(np.int8)
    band += latency < FAST_PARTICIPANT_MS
    band += slow.view(np.int8) * np.int8(3)
    band <<= 1
    band |= error
    return band


def segment_sums(values: NDArray[np.float64], counts: NDArray[np.intp]) -> NDArray[np.float64]:
    """Sums over consecutive runs of ``counts`` elements along the last axis (0 for empty runs)."""
    starts = np.cumsum(counts) - counts
    nonempty = counts > 0
    out = np.zeros((*values.shape[:-1], len(counts)))
    if nonempty.any():
        out[..., nonempty] = np.add.reduceat(values, starts[nonempty], axis=-1)
    return out


def participant_shift(
    latency: NDArray[np.float64], counts: NDArray[np.intp]
) -> NDArray[np.float64]:
    """Per-participant mean of latencies clipped at the slow cut-off (0 when no trial).

    ``latency`` is participant-contiguous, ``counts`` the trials of each participant.
    """
    total = segment_sums(np.minimum(latency, SLOW_MS), counts)
    return np.divide(total, counts, out=np.zeros(len(counts)), where=counts > 0)


def split_position(
    group: NDArray[np.intp], counts: NDArray[np.intp], stratum: NDArray[np.intp] | None
) -> NDArray[np.intp]:
    """Position of each trial in its block once the block is stably sorted by stratum.

    Without strata this is the presentation position. With strata it is (trials of the block in
    lower strata) + (earlier trials of the same stratum in the block), the order in which iatgen's
    ``IATreliability`` alternates trials. ``group`` is non-decreasing; ``counts`` its run lengths.
    """
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    if stratum is None:
        position = np.arange(len(group))
        position -= starts
        return position
    n_strata = int(stratum.max()) + 1
    cell = group * n_strata + stratum
    per_cell = np.bincount(cell, minlength=len(counts) * n_strata).reshape(-1, n_strata)
    position = (np.cumsum(per_cell, axis=1) - per_cell).ravel()[cell]
    for code in np.flatnonzero(per_cell.any(axis=0)):
        member = stratum == code
        before = np.cumsum(member) - member
        np.add(position, before - before[starts], out=position, where=member)
    return np.asarray(position, dtype=np.intp)


def power_sums(
    key: NDArray[np.intp],
    half: NDArray[np.intp] | NDArray[np.bool_],
    shifted: NDArray[np.float64],
    shifted_sq: NDArray[np.float64],
    n_participants: int,
    out: NDArray[np.intp] | None = None,
) -> CellSums:
    """Count, sum and sum of squares per participant x half x block x state.

    ``half`` is 0/1 (or bool) per trial; ``key`` as in :class:`Prepared`; ``out`` an optional
    buffer for the per-trial keys.
    """
    keyed = np.empty(len(key), dtype=np.intp) if out is None else out
    np.copyto(keyed, half)
    keyed <<= 3
    keyed |= key
    size = n_participants * 4 * 2 * N_STATES
    shape = (n_participants, 4, 2, N_STATES)
    n = np.bincount(keyed, minlength=size).astype(np.float64).reshape(shape)
    s1 = np.bincount(keyed, weights=shifted, minlength=size)  # float64 with weights
    s2 = np.bincount(keyed, weights=shifted_sq, minlength=size)
    return CellSums(
        n, np.asarray(s1, np.float64).reshape(shape), np.asarray(s2, np.float64).reshape(shape)
    )
