"""Properties of scoring.correlation, scoring.drivers and scoring.linkage (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scoring.correlation import pearson, spearman, weighted_pearson
from scoring.drivers import relative_weights
from scoring.linkage import two_step_slope

FAST = settings(max_examples=40, deadline=None)
seeds = st.integers(0, 2**32 - 1)


def _data(seed: int, n: int, p: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, p)) @ rng.normal(size=(p, p))
    return x, x @ rng.normal(size=p) + rng.normal(size=n)


@FAST
@given(seeds, st.integers(5, 60), st.floats(0.1, 50), st.floats(-100, 100))
def test_r_is_unchanged_by_a_positive_affine_change_and_flips_with_a_negative(
    seed: int, n: int, scale: float, shift: float
) -> None:
    x, y = _data(seed, n)
    x = x[:, 0]
    w = np.random.default_rng(seed + 1).uniform(1, 400, n)
    for f in (pearson, spearman):
        r = f(x, y)
        assert abs(f(scale * x + shift, y).r - r.r) < 1e-9
        assert abs(f(-scale * x + shift, y).r + r.r) < 1e-9
        assert r.ci_low <= r.r <= r.ci_high
    assert abs(weighted_pearson(scale * x + shift, y, w).r - weighted_pearson(x, y, w).r) < 1e-9
    assert abs(weighted_pearson(x, y, w * scale).r - weighted_pearson(x, y, w).r) < 1e-9


@FAST
@given(seeds, st.integers(8, 60), st.lists(st.floats(0.1, 50), min_size=3, max_size=3))
def test_relative_weights_ignore_predictor_units_and_order(
    seed: int, n: int, scales: list[float]
) -> None:
    x, y = _data(seed, n, 3)
    base = relative_weights(x, y, list("abc"), n_boot=20, seed=seed)
    assume(not np.isnan(base.r_squared))
    scaled = relative_weights(x * scales, y, list("abc"), n_boot=20, seed=seed)
    np.testing.assert_allclose(scaled.raw, base.raw, atol=1e-9)
    swapped = relative_weights(x[:, ::-1], y, list("cba"), n_boot=20, seed=seed)
    np.testing.assert_allclose(swapped.raw[::-1], base.raw, atol=1e-9)
    assert abs(base.raw.sum() - base.r_squared) < 1e-9 and np.all(base.raw >= -1e-12)


@FAST
@given(seeds, st.integers(6, 40), st.floats(0.1, 20), st.floats(-10, 10))
def test_two_step_slope_scales_with_the_outcome(seed: int, g: int, a: float, b: float) -> None:
    rng = np.random.default_rng(seed)
    n = rng.integers(2, 20, g).astype(float)
    mean, sd = rng.normal(3, 0.5, g), rng.uniform(0.3, 1.0, g)
    y = 10 * mean + rng.normal(size=g)
    base = two_step_slope(y, mean, sd, n)
    assume(not np.isnan(base.slope))
    moved = two_step_slope(a * y + b, mean, sd, n)
    assert abs(moved.slope - a * base.slope) < 1e-9 * max(1, abs(a * base.slope))
    assert abs(moved.se - a * base.se) < 1e-9 * max(1, a * base.se)
    assert base.ci_low < base.slope < base.ci_high
