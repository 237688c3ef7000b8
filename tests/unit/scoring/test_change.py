"""Change between waves, reliable change, implicit–explicit gap and correlation: values worked
by hand or by R 4 (``t.test(y, x)``, ``cor.test(a, b)``)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from scoring.change import (
    Summary,
    correlation,
    reliable_change,
    standardised_gap,
    welch_difference,
    zscores,
)

NAN = math.nan
# Wave 1: D = 0.1, 0.2, 0.3 (mean 0.2, SD 0.1); wave 2: 0.5, 0.6, 0.7, 0.8 (mean 0.65,
# SD √(0.05 / 3)).
BEFORE = Summary(0.2, 0.1, 3)
AFTER = Summary(0.65, math.sqrt(0.05 / 3), 4)


def test_welch_difference_matches_r_t_test() -> None:
    # R: t.test(c(.5,.6,.7,.8), c(.1,.2,.3)) → df 4.95918367346939, stderr
    # 0.0866025403784439, CI 0.226828851866121 .. 0.673171148133879
    found = welch_difference(BEFORE, AFTER)
    assert found.difference == pytest.approx(0.45)
    assert found.se == pytest.approx(0.0866025403784439, rel=1e-12)
    assert found.df == pytest.approx(4.95918367346939, rel=1e-12)
    assert found.ci_low == pytest.approx(0.226828851866121, rel=1e-9)
    assert found.ci_high == pytest.approx(0.673171148133879, rel=1e-9)


def test_welch_difference_is_nan_without_a_spread() -> None:
    assert math.isnan(welch_difference(Summary(0.2, NAN, 1), AFTER).ci_low)
    both_zero = welch_difference(Summary(0.2, 0.0, 3), Summary(0.3, 0.0, 3))
    assert both_zero.difference == pytest.approx(0.1)
    assert math.isnan(both_zero.df) and math.isnan(both_zero.ci_high)


def test_reliable_change_index_by_hand() -> None:
    # SE² = 0.1² (1 − .8) / 3 + (0.05/3)(1 − .8) / 4 = 0.000666… + 0.000833… = 0.0015
    found = reliable_change(BEFORE, AFTER, 0.8, 0.8)
    assert found.se_difference == pytest.approx(math.sqrt(0.0015))
    assert found.rci == pytest.approx(0.45 / math.sqrt(0.0015))  # 11.619
    assert found.reliable is True
    small = reliable_change(BEFORE, Summary(0.21, AFTER.sd, 4), 0.8, 0.8)
    assert small.rci == pytest.approx(0.01 / math.sqrt(0.0015))  # 0.258: within the noise
    assert small.reliable is False


def test_reliable_change_with_negative_or_unknown_reliability() -> None:
    # r < 0 is taken as 0: the error SE is then the ordinary SE of the difference
    assert reliable_change(BEFORE, AFTER, -0.2, 0.0).rci == pytest.approx(0.45 / 0.0866025403784439)
    for r in (NAN, 1.0):
        unknown = reliable_change(BEFORE, AFTER, r, 0.8)
        assert math.isnan(unknown.rci) and unknown.reliable is None


def test_zscores_use_the_sample_sd() -> None:
    z = zscores(np.array([1.0, 2.0, 3.0, NAN]))
    np.testing.assert_allclose(z[:3], [-1.0, 0.0, 1.0])
    assert math.isnan(z[3])
    assert np.isnan(zscores(np.array([2.0, 2.0]))).all()


def test_standardised_gap_by_hand() -> None:
    # mean zI = 1.0, mean zE = 0.5; var 0.25 each over 3; covariance over the 2 with both
    # = 0.125: Var = 0.25/3 + 0.25/3 − 2·2·0.125/9 = 1/9, SE = 1/3
    implicit = np.array([0.5, 1.0, 1.5, NAN])
    explicit = np.array([0.0, 0.5, NAN, 1.0])
    gap = standardised_gap(implicit, explicit)
    assert (gap.n_implicit, gap.n_explicit, gap.n_both) == (3, 3, 2)
    assert gap.gap == pytest.approx(0.5)
    assert gap.se == pytest.approx(1 / 3)
    assert gap.ci_low == pytest.approx(0.5 - 1.959963984540054 / 3)
    assert gap.ci_high == pytest.approx(0.5 + 1.959963984540054 / 3)


def test_standardised_gap_needs_two_people_per_measure() -> None:
    gap = standardised_gap(np.array([1.0, NAN]), np.array([0.0, 1.0]))
    assert math.isnan(gap.gap) and gap.n_implicit == 1


def test_correlation_matches_r_cor_test() -> None:
    a = np.array([3, 4, 4, 5, 2, NAN], dtype=float)
    b = np.array([1, 2, 2, 4, 3, 5], dtype=float)
    found = correlation(a, b)
    assert found.n == 5
    assert found.r == pytest.approx(0.346153846153846)
    assert found.ci_low == pytest.approx(-0.771829132145214, rel=1e-9)
    assert found.ci_high == pytest.approx(0.941029837871888, rel=1e-9)


def test_correlation_edge_cases() -> None:
    assert math.isnan(correlation(np.array([1.0, 2.0]), np.array([2.0, 1.0])).r)
    assert math.isnan(correlation(np.array([1.0, 1.0, 1.0]), np.array([1.0, 2.0, 3.0])).r)
    perfect = correlation(np.array([1.0, 2.0, 3.0, 4.0]), np.array([2.0, 4.0, 6.0, 8.0]))
    assert perfect.r == pytest.approx(1.0) and perfect.ci_low == pytest.approx(1.0)
