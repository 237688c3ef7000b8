"""IAT D scores (Greenwald, Nosek & Banaji, 2003), vectorised across participants.

Entry points: :func:`compute_d` (one variant, with bootstrap SE and reliability) and
:func:`compute_d_variants` (several variants sharing one pass over the trials).

Algorithm (DESIGN §5), for each participant, on the critical blocks B3, B4, B6, B7:

1. Count the trials < 300 ms among all critical trials *as recorded*; more than 10 %
   (``10 * n_300 > n_trials``, exact integer comparison) sets ``too_fast`` and, with
   ``fast_exclusion="apply"``, excludes the participant (D is NaN, ``excluded`` is True).
2. Drop trials > 10 000 ms (``slow_cut="ge"``: >= 10 000 ms).
3. D2, D5, D6 also drop trials < 400 ms.
4. Treat errors as the variant says (:mod:`scoring.variants`) and compute
   ``D = ½ [(M_B,prac - M_A,prac) / SD_prac + (M_B,test - M_A,test) / SD_test]``, SD inclusive of
   both pairings of a stage, n - 1. D > 0 means faster in pairing A.

Flags: ``too_fast`` (step 1; never raised with ``fast_exclusion="off"``), ``too_many_errors``
(error rate > 30 % of kept trials), ``missing_block`` (a critical block without any trial),
``too_few_trials`` (fewer than 3 kept correct trials in some critical block). Only ``too_fast``
excludes; the other flags leave D as computed (NaN when it cannot be).

References
----------
Greenwald, A. G., Nosek, B. A., & Banaji, M. R. (2003). Understanding and using the Implicit
Association Test: I. An improved scoring algorithm. *JPSP*, 85, 197-216.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from scoring import __version__
from scoring.bootstrap import bootstrap_se
from scoring.cells import KEPT_STATES, CellSums, Prepared, prepare
from scoring.options import DScoreOptions, FastExclusion, Variant, options_for_error_mode
from scoring.provenance import Provenance
from scoring.reliability import PermutationSplitHalf, SplitHalf, permutation_split_half, split_half
from scoring.summary import MeanD, band, mean_d
from scoring.trials import TrialArrays
from scoring.variants import full_d, half_d

MAX_ERROR_RATE = 0.30
MIN_CORRECT_PER_BLOCK = 3


@dataclass(frozen=True, eq=False)
class TrialCounts:
    """Per-participant trial counts (integers stored as int64)."""

    n_trials: NDArray[np.int64]
    """Critical trials recorded."""
    n_fast_300: NDArray[np.int64]
    """Recorded critical trials < 300 ms (the exclusion rule's numerator)."""
    n_slow: NDArray[np.int64]
    """Dropped by the slow cut-off."""
    n_fast: NDArray[np.int64]
    """Dropped as < 400 ms (D2, D5, D6 only; 0 otherwise)."""
    n_kept: NDArray[np.int64]
    """Entering D (before any participant exclusion)."""
    n_errors: NDArray[np.int64]
    """Errors among the kept trials."""
    n_trials_block: NDArray[np.int64]
    """Recorded trials per block, shape ``(participants, 4)``, :data:`~scoring.trials.CELLS`."""
    n_kept_correct_block: NDArray[np.int64]
    """Kept correct trials per block, shape ``(participants, 4)``."""


@dataclass(frozen=True, eq=False)
class Flags:
    """Per-participant boolean flags (see module docstring)."""

    too_fast: NDArray[np.bool_]
    too_many_errors: NDArray[np.bool_]
    missing_block: NDArray[np.bool_]
    too_few_trials: NDArray[np.bool_]

    def labels(self) -> list[str]:
        """``"too_fast;missing_block"``-style text per participant (``""`` when none)."""
        return [str(text) for text in self.label_array()]

    def label_array(self) -> NDArray[np.str_]:
        """:meth:`labels` as an array, from a table of the 16 combinations (vectorised)."""
        code = np.zeros(len(self.too_fast), dtype=np.intp)
        for bit, name in enumerate(_FLAG_NAMES):
            code |= getattr(self, name).astype(np.intp) << bit
        table = [
            ";".join(n for bit, n in enumerate(_FLAG_NAMES) if combo >> bit & 1)
            for combo in range(2 ** len(_FLAG_NAMES))
        ]
        return np.asarray(table)[code]


_FLAG_NAMES = ("too_fast", "too_many_errors", "missing_block", "too_few_trials")


@dataclass(frozen=True, eq=False)
class DScoreResult:
    """D scores of one variant for every participant, with sample-level summaries.

    Per participant (arrays in ``participant`` order): ``d``, ``d_practice``, ``d_test`` (NaN
    when excluded or not computable), ``excluded``, ``counts``, ``error_rate`` (errors / kept
    trials), ``fast_rate`` (recorded trials < 300 ms / recorded trials), ``flags``, ``band``,
    ``se`` (bootstrap, NaN when not requested) and ``d_halves`` (odd/even half scores).
    Sample: ``odd_even`` and ``permutation`` split-half reliability, ``mean`` D with its CI.
    """

    participant: NDArray[np.generic]
    d: NDArray[np.float64]
    d_practice: NDArray[np.float64]
    d_test: NDArray[np.float64]
    excluded: NDArray[np.bool_]
    counts: TrialCounts
    error_rate: NDArray[np.float64]
    fast_rate: NDArray[np.float64]
    flags: Flags
    band: NDArray[np.str_]
    se: NDArray[np.float64]
    d_halves: NDArray[np.float64]
    odd_even: SplitHalf
    permutation: PermutationSplitHalf | None
    mean: MeanD
    provenance: Provenance


def compute_d(
    trials: TrialArrays,
    options: DScoreOptions | None = None,
    *,
    error_mode: str = "forced_correction",
    n_boot: int = 1000,
    n_splits: int = 100,
    seed: int = 0,
) -> DScoreResult:
    """D scores of one variant for all participants.

    Parameters
    ----------
    trials : TrialArrays
        Critical trials.
    options : DScoreOptions, optional
        All scoring choices. When omitted, the defaults for ``error_mode`` are used
        (:func:`~scoring.options.options_for_error_mode`) and the reason is kept in provenance.
    error_mode : str
        ``"forced_correction"`` (D1) or ``"none"`` (D4); only used when ``options`` is None.
    n_boot : int
        Bootstrap replicates for the per-participant SE (0 or 1: SE is NaN).
    n_splits : int
        Random splits for the permutation split-half estimate (0: not computed).
    seed : int
        Seed of both the bootstrap and the random splits (independent streams).

    Returns
    -------
    DScoreResult

    Raises
    ------
    InvalidOptionsError
        Unknown ``error_mode``.
    """
    options, note = _resolve(options, error_mode)
    prepared = prepare(trials, options.slow_cut, options.latency)
    return _score(trials, prepared, options, note, n_boot, n_splits, seed)


def compute_d_variants(
    trials: TrialArrays,
    options: DScoreOptions | None = None,
    variants: Iterable[Variant | str] = tuple(Variant),
    *,
    n_boot: int = 0,
    n_splits: int = 0,
    seed: int = 0,
) -> dict[Variant, DScoreResult]:
    """Several variants from one pass over the trials; other options as in ``options``.

    Same semantics as :func:`compute_d`; the trials are sorted and summed only once.
    """
    base, note = _resolve(options, "forced_correction")
    prepared = prepare(trials, base.slow_cut, base.latency)
    results = {}
    for variant in variants:
        variant_options = replace(base, variant=Variant(str(variant).upper()))
        results[variant_options.variant] = _score(
            trials, prepared, variant_options, note, n_boot, n_splits, seed
        )
    return results


def compute_d_with_variants(
    trials: TrialArrays,
    options: DScoreOptions,
    variants: Iterable[Variant | str],
    *,
    n_boot: int = 1000,
    n_splits: int = 100,
    seed: int = 0,
    note: str = "options given explicitly",
) -> tuple[DScoreResult, dict[Variant, DScoreResult]]:
    """:func:`compute_d` for ``options`` plus other variants (no SE, no random splits).

    One preparation serves all: the report of ``iat score --all-variants``. ``note`` is kept in
    the provenance.
    """
    prepared = prepare(trials, options.slow_cut, options.latency)
    result = _score(trials, prepared, options, note, n_boot, n_splits, seed)
    others = {}
    for variant in variants:
        variant_options = replace(options, variant=Variant(str(variant).upper()))
        same = variant_options == options
        others[variant_options.variant] = (
            result if same else _score(trials, prepared, variant_options, note, 0, 0, seed)
        )
    return result, others


def _resolve(options: DScoreOptions | None, error_mode: str) -> tuple[DScoreOptions, str]:
    if options is None:
        return options_for_error_mode(error_mode)
    return options, "options given explicitly"


def _score(
    trials: TrialArrays,
    prepared: Prepared,
    options: DScoreOptions,
    note: str,
    n_boot: int,
    n_splits: int,
    seed: int,
) -> DScoreResult:
    variant, sums = options.variant, prepared.sums
    counts = trial_counts(sums, variant)
    flags, excluded = _flags(counts, options.fast_exclusion)
    d_practice, d_test = (_mask(x, excluded) for x in full_d(sums, variant, options.sd_timing))
    d = (d_practice + d_test) / 2
    halves = half_d(sums, variant, options.sd_timing)
    se = _mask(bootstrap_se(prepared, variant, options.sd_timing, n_boot, seed), excluded)
    permutation = None
    if n_splits > 0:
        permutation = permutation_split_half(
            prepared, variant, options.sd_timing, ~excluded, n_splits, seed
        )
    provenance = _provenance(options, note, counts, d, excluded, (n_boot, n_splits, seed))
    return DScoreResult(
        participant=trials.labels,
        d=d,
        d_practice=d_practice,
        d_test=d_test,
        excluded=excluded,
        counts=counts,
        error_rate=_ratio(counts.n_errors, counts.n_kept),
        fast_rate=_ratio(counts.n_fast_300, counts.n_trials),
        flags=flags,
        band=band(d),
        se=se,
        d_halves=halves,
        odd_even=split_half(halves, ~excluded),
        permutation=permutation,
        mean=mean_d(d),
        provenance=provenance,
    )


def trial_counts(sums: CellSums, variant: Variant) -> TrialCounts:
    """Per-participant counts of :class:`TrialCounts` from the power sums."""
    per_block = sums.state_counts  # (participants, 4 blocks, 8 states)
    per_state = sums.participant_state_counts  # (participants, 8 states)
    n_kept_states = len(KEPT_STATES[variant.deletes_fast_trials])
    return TrialCounts(
        n_trials=per_state.sum(axis=1),
        n_fast_300=per_state[:, 4] + per_state[:, 5],
        n_slow=per_state[:, 6] + per_state[:, 7],
        n_fast=per_state[:, 2:6].sum(axis=1) * variant.deletes_fast_trials,
        n_kept=per_state[:, :n_kept_states].sum(axis=1),
        n_errors=per_state[:, 1:n_kept_states:2].sum(axis=1),
        n_trials_block=sums.block_counts,
        n_kept_correct_block=per_block[..., 0:n_kept_states:2].sum(axis=2),
    )


def _flags(counts: TrialCounts, rule: FastExclusion) -> tuple[Flags, NDArray[np.bool_]]:
    too_fast = (10 * counts.n_fast_300 > counts.n_trials) & (rule is not FastExclusion.OFF)
    error_rate = _ratio(counts.n_errors, counts.n_kept)
    flags = Flags(
        too_fast=too_fast,
        too_many_errors=error_rate > MAX_ERROR_RATE,
        missing_block=(counts.n_trials_block == 0).any(axis=1),
        too_few_trials=np.asarray(
            (counts.n_kept_correct_block < MIN_CORRECT_PER_BLOCK).any(axis=1)
        ),
    )
    return flags, too_fast & (rule is FastExclusion.APPLY)


def _ratio(num: NDArray[np.int64], den: NDArray[np.int64]) -> NDArray[np.float64]:
    out = np.full(len(num), np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


def _mask(values: NDArray[np.float64], excluded: NDArray[np.bool_]) -> NDArray[np.float64]:
    return np.where(excluded, np.nan, values)


def _provenance(
    options: DScoreOptions,
    note: str,
    counts: TrialCounts,
    d: NDArray[np.float64],
    excluded: NDArray[np.bool_],
    draws: tuple[int, int, int],
) -> Provenance:
    return Provenance(
        options=options,
        package_version=__version__,
        note=note,
        n_participants=len(d),
        n_scored=int(np.isfinite(d).sum()),
        n_excluded=int(excluded.sum()),
        n_trials=int(counts.n_trials.sum()),
        n_slow=int(counts.n_slow.sum()),
        n_fast=int(counts.n_fast.sum()),
        n_kept=int(counts.n_kept.sum()),
        n_boot=draws[0],
        n_splits=draws[1],
        seed=draws[2],
    )
