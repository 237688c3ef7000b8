"""Properties every D variant must have (hypothesis, moderate example counts)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.dscore import compute_d_variants
from scoring.options import DScoreOptions
from scoring.trials import TrialArrays

SIZES = (4, 6, 8, 10)  # trials per block


@st.composite
def sessions(draw: st.DrawFn) -> tuple[TrialArrays, np.random.Generator]:
    """2-4 participants, every block with 4-10 trials in 450-3000 ms, ~10 % errors."""
    n_participants = draw(st.integers(2, 4))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    code, cell = [], []
    for p in range(n_participants):
        for c in range(4):
            n = int(rng.choice(SIZES))
            code += [p] * n
            cell += [c] * n
    cell_arr = np.asarray(cell)
    latency = rng.uniform(450, 3000, len(cell)) + 150 * (cell_arr % 2)
    error = rng.random(len(cell)) < 0.1
    trials = TrialArrays(
        participant=np.asarray(code),
        labels=np.arange(n_participants),
        is_a=cell_arr % 2 == 0,
        is_test=cell_arr >= 2,
        latency_ms=latency,
        error=error,
    )
    return trials, rng


def all_d(trials: TrialArrays, **options: str) -> np.ndarray:
    results = compute_d_variants(trials, DScoreOptions(**options))  # type: ignore[arg-type]
    return np.stack([r.d for r in results.values()])


def rebuild(trials: TrialArrays, **changes: np.ndarray) -> TrialArrays:
    fields = {
        name: getattr(trials, name)
        for name in ("participant", "labels", "is_a", "is_test", "latency_ms", "error")
    }
    return TrialArrays(**{**fields, **changes})


@settings(max_examples=40, deadline=None)
@given(sessions(), st.floats(-50, 5000), st.sampled_from(["after", "before"]))
def test_constant_shift_of_a_participant_leaves_d_unchanged(data, shift, sd_timing) -> None:
    trials, _ = data
    moved = trials.latency_ms + np.where(trials.participant == 0, shift, 0.0)
    # latencies lie in [450, 3150]: shifted they stay within [400, 8150], crossing no cut-off
    before = all_d(trials, sd_timing=sd_timing)
    after = all_d(rebuild(trials, latency_ms=moved), sd_timing=sd_timing)
    np.testing.assert_allclose(after, before, rtol=1e-9, atol=1e-11)


@settings(max_examples=40, deadline=None)
@given(sessions(), st.sampled_from(["after", "before"]))
def test_swapping_pairings_flips_the_sign(data, sd_timing) -> None:
    trials, _ = data
    swapped = rebuild(trials, is_a=~trials.is_a)
    np.testing.assert_allclose(
        all_d(swapped, sd_timing=sd_timing),
        -all_d(trials, sd_timing=sd_timing),
        rtol=1e-12,
        atol=1e-12,
    )


@settings(max_examples=40, deadline=None)
@given(sessions())
def test_d_is_invariant_to_trial_order(data) -> None:
    trials, rng = data
    order = rng.permutation(trials.n_trials)
    fields = {
        "participant": trials.participant[order],
        "is_a": trials.is_a[order],
        "is_test": trials.is_test[order],
        "latency_ms": trials.latency_ms[order],
        "error": trials.error[order],
    }
    np.testing.assert_allclose(all_d(rebuild(trials, **fields)), all_d(trials), rtol=1e-10)


@settings(max_examples=25, deadline=None)
@given(sessions())
def test_halves_and_bootstrap_are_seeded(data) -> None:
    trials, _ = data
    first = compute_d_variants(trials, n_boot=20, n_splits=3, seed=7)
    again = compute_d_variants(trials, n_boot=20, n_splits=3, seed=7)
    for variant, result in first.items():
        np.testing.assert_array_equal(result.se, again[variant].se)
        assert result.permutation == again[variant].permutation
