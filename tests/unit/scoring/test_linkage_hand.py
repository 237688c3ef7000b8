"""scoring.correlation, scoring.linkage and scoring.drivers against hand-worked values and
properties that follow from the definitions (R reference values: test_linkage_reference.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from scoring.correlation import (
    CorrelationError,
    average_ranks,
    fisher_interval,
    pearson,
    spearman,
    weighted_pearson,
)
from scoring.drivers import DriverError, relative_weights
from scoring.linkage import (
    LinkageError,
    LinkageWarning,
    TeamPredictor,
    link_outcome,
    summary_anova,
    two_step_slope,
)
from scoring.psychometrics import icc1, icc2

X5, Y5 = [1, 2, 3, 4, 5], [2, 4, 5, 4, 5]


def test_pearson_by_hand() -> None:
    # Σdxdy = 6, Σdx² = 10, Σdy² = 6: r = 6/√60; Fisher: atanh(r) ± 1.959964/√2
    c = pearson(X5, Y5)
    r = 6 / math.sqrt(60)
    assert c.r == pytest.approx(r, abs=1e-15)
    half = 1.959963984540054 / math.sqrt(2)
    assert c.ci_low == pytest.approx(math.tanh(math.atanh(r) - half), abs=1e-12)
    assert c.ci_high == pytest.approx(math.tanh(math.atanh(r) + half), abs=1e-12)
    assert (c.n, c.n_effective) == (5, 5.0)


def test_pairwise_complete_and_too_few() -> None:
    assert pearson([1, 2, np.nan, 3, 4, 5], [2, 4, 9, 5, 4, 5]).r == pytest.approx(
        pearson(X5, Y5).r
    )
    assert math.isnan(pearson([1, 2, 3], [1, 3, 2]).r)
    c = pearson([1, 2, 3, 4, 5], [3, 3, 3, 3, 3])  # constant outcome
    assert math.isnan(c.r) and math.isnan(c.ci_low)


def test_weighted_with_integer_weights_equals_repeated_rows() -> None:
    w = [3, 1, 2, 1, 1]
    repeated = pearson(np.repeat(X5, w), np.repeat(Y5, w))
    c = weighted_pearson(X5, Y5, w)
    assert c.r == pytest.approx(repeated.r, abs=1e-14)
    assert c.n_effective == pytest.approx(8**2 / 16)  # Kish: (Σw)²/Σw²
    assert weighted_pearson(X5, Y5, [2] * 5).ci_low == pytest.approx(pearson(X5, Y5).ci_low)


def test_weighted_rejects_negative_weights_and_bad_shapes() -> None:
    with pytest.raises(CorrelationError):
        weighted_pearson(X5, Y5, [1, 1, -1, 1, 1])
    with pytest.raises(CorrelationError):
        pearson(X5, Y5[:4])
    with pytest.raises(CorrelationError):
        pearson(X5, Y5, confidence=1.0)


def test_spearman_ranks_and_monotone_invariance() -> None:
    assert average_ranks([10, 20, 20, 30, 5]).tolist() == [2, 3.5, 3.5, 5, 1]
    a = spearman(X5, Y5)
    # ranks of Y5 = [1, 2.5, 4.5, 2.5, 4.5]: Pearson of the ranks
    assert a.r == pytest.approx(pearson(X5, [1, 2.5, 4.5, 2.5, 4.5]).r, abs=1e-15)
    assert spearman(np.exp(X5), np.power(Y5, 3)).r == pytest.approx(a.r, abs=1e-15)
    # Bonett–Wright: wider than the Pearson-type interval with the same r and n
    plain = fisher_interval(a.r, 5)
    assert a.ci_high - a.ci_low > plain[1] - plain[0]


def _people(seed: int, sizes: list[int], effect_sd: float) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    team = np.repeat(np.arange(len(sizes)), sizes)
    return rng.normal(0, effect_sd, len(sizes))[team] + rng.normal(0, 1, team.size), team


def _summaries(x: np.ndarray, team: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = np.bincount(team).astype(float)
    mean = np.bincount(team, x) / n
    sd = np.array([np.std(x[team == g], ddof=1) if n[g] > 1 else np.nan for g in range(n.size)])
    return mean, sd, n


def test_summary_anova_equals_the_person_level_iccs() -> None:
    x, team = _people(3, [1, 4, 7, 2, 9, 5, 3, 12], 0.8)
    icc_1, icc_2, _, grand = summary_anova(*_summaries(x, team))
    assert icc_1 == pytest.approx(icc1(x, team), abs=1e-12)
    assert icc_2 == pytest.approx(icc2(x, team), abs=1e-12)
    assert grand == pytest.approx(x.mean())


def test_two_step_on_balanced_teams_is_the_ols_slope_over_icc2() -> None:
    # balanced teams: λ_j = ICC(2) for all, so x̃ − x̄ = ICC(2)(x̄_j − x̄) and b = b_OLS / ICC(2)
    x, team = _people(5, [8] * 25, 0.7)
    mean, sd, n = _summaries(x, team)
    y = 2 * mean + np.random.default_rng(6).normal(0, 0.5, 25)
    fit = two_step_slope(y, mean, sd, n)
    b_ols = np.polyfit(mean, y, 1)[0]
    assert fit.slope == pytest.approx(b_ols / icc2(x, team), rel=1e-12)
    assert fit.ci_low < fit.slope < fit.ci_high and fit.n == 25


def test_no_team_differences_gives_nan_and_a_warning() -> None:
    mean = np.array([3.0, 3.0, 3.0, 3.0, 3.0])  # MSB = 0
    p = TeamPredictor("LEAD", mean, np.ones(5), np.full(5, 6.0))
    out = link_outcome([1, 2, 3, 4, 5], "higher_better", [p], n_boot=10)
    assert math.isnan(out.predictors[0].multilevel.slope)
    assert LinkageWarning.NO_TEAM_DIFFERENCES in out.predictors[0].warnings
    assert LinkageWarning.TOO_FEW_TEAMS in out.warnings


def _predictors(seed: int, g: int) -> list[TeamPredictor]:
    rng = np.random.default_rng(seed)
    out = []
    for name in ("D", "LEAD", "CONN", "AUTO"):
        x, team = _people(int(rng.integers(1000)), list(rng.integers(2, 15, g)), 0.9)
        rwg = rng.uniform(0.75, 1, g) if name != "D" else None
        out.append(TeamPredictor(name, *_summaries(x, team), rwg_j=rwg))
    return out


def test_lower_better_flips_every_sign_and_keeps_the_weights() -> None:
    preds = _predictors(11, 30)
    y = preds[1].mean * 3 - preds[3].mean + np.random.default_rng(2).normal(0, 1, 30)
    up = link_outcome(y, "higher_better", preds, n_boot=200, seed=4)
    down = link_outcome(-y, "lower_better", preds, n_boot=200, seed=4)
    for a, b in zip(up.predictors, down.predictors, strict=True):
        assert (a.pearson.r, a.weighted.r, a.multilevel.slope) == pytest.approx(
            (b.pearson.r, b.weighted.r, b.multilevel.slope), abs=1e-12
        )
    np.testing.assert_allclose(up.drivers.raw, down.drivers.raw, atol=1e-12)
    np.testing.assert_array_equal(up.drivers.ci_low, down.drivers.ci_low)
    assert up.warnings == () and up.n_teams == 30


def test_warnings_for_few_teams_and_low_agreement() -> None:
    preds = _predictors(12, 12)
    preds[2] = TeamPredictor(
        "CONN", preds[2].mean, preds[2].sd, preds[2].n, np.r_[0.5, np.ones(11)]
    )
    out = link_outcome(
        preds[1].mean, "higher_better", preds, n_customers=np.full(12, 50), n_boot=50
    )
    conn = out.predictors[2]
    assert conn.teams_low_agreement == 1 and LinkageWarning.LOW_AGREEMENT in conn.warnings
    assert LinkageWarning.TOO_FEW_TEAMS in out.warnings and out.weight_basis == "n_customers"


def test_missing_customer_counts_fall_back_to_team_size() -> None:
    preds = _predictors(13, 25)
    y = preds[0].mean + preds[1].mean
    out = link_outcome(y, "higher_better", preds, n_customers=np.r_[np.nan, np.ones(24)], n_boot=50)
    assert out.weight_basis == "team_size"
    expected = weighted_pearson(preds[1].mean, y, preds[1].n).r
    assert out.predictors[1].weighted.r == pytest.approx(expected)


def test_bad_input_raises_typed_errors() -> None:
    preds = _predictors(14, 6)
    with pytest.raises(LinkageError):
        link_outcome(np.ones(6), "sideways", preds)
    with pytest.raises(LinkageError):
        link_outcome(np.ones(5), "higher_better", preds)
    with pytest.raises(DriverError):
        relative_weights(np.ones((6, 2)), np.ones(6), ["a"])


def test_relative_weights_of_uncorrelated_predictors_are_squared_correlations() -> None:
    # orthogonal, centred columns: R_xx = I, so ε_k = r_k² and Σε = R²
    x = np.array([[1, 1, 1], [1, -1, -1], [-1, 1, -1], [-1, -1, 1]] * 2, dtype=float)
    x[4:] *= -1
    y = np.array([3.0, 1.0, -2.0, 0.5, -1.0, 2.0, 0.0, -0.5])
    rw = relative_weights(x, y, ["a", "b", "c"], n_boot=100)
    r = np.array([np.corrcoef(x[:, k], y)[0, 1] for k in range(3)])
    np.testing.assert_allclose(rw.raw, r**2, atol=1e-12)
    np.testing.assert_allclose(rw.r, r, atol=1e-12)
    assert rw.share.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("seed", range(5))
def test_relative_weights_sum_to_r_squared(seed: int) -> None:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(40, 4)) @ rng.normal(size=(4, 4))
    y = x @ rng.normal(size=4) + rng.normal(size=40)
    design = np.column_stack([np.ones(40), x])
    residual = y - design @ np.linalg.lstsq(design, y, rcond=None)[0]
    r2 = 1 - residual @ residual / np.sum((y - y.mean()) ** 2)
    rw = relative_weights(x, y, list("abcd"), n_boot=100, seed=seed)
    assert rw.r_squared == pytest.approx(r2, abs=1e-10)
    assert np.all(rw.raw >= 0) and rw.top_probability.sum() == pytest.approx(1.0)


def test_bootstrap_is_seeded() -> None:
    rng = np.random.default_rng(9)
    x, y = rng.normal(size=(30, 3)), rng.normal(size=30)
    a, b = (relative_weights(x, y, list("abc"), n_boot=300, seed=s) for s in (1, 1))
    np.testing.assert_array_equal(a.ci_high, b.ci_high)
    c = relative_weights(x, y, list("abc"), n_boot=300, seed=2)
    assert not np.array_equal(a.ci_high, c.ci_high)
    assert np.all(a.ci_low <= a.ci_high) and a.n_boot_used == 300


def test_too_few_complete_teams_give_nan_weights() -> None:
    rw = relative_weights(np.ones((5, 4)), np.arange(5.0), list("abcd"))
    assert rw.n_teams == 5 and rw.n_boot_used == 0 and np.all(np.isnan(rw.raw))


def test_a_predictor_missing_for_many_teams_leaves_the_driver_view() -> None:
    preds = _predictors(15, 25)
    mean = preds[0].mean.copy()
    mean[:10] = np.nan  # mean D withheld in 10 of 25 teams (60 % < 80 %)
    preds[0] = TeamPredictor("D", mean, preds[0].sd, preds[0].n)
    y = preds[1].mean + preds[3].mean
    out = link_outcome(y, "higher_better", preds, n_boot=50)
    assert out.drivers.names == ("LEAD", "CONN", "AUTO") and out.drivers.n_teams == 25
    assert LinkageWarning.DRIVERS_INCOMPLETE in out.warnings
    assert out.predictors[0].n_teams == 15  # its own correlations are still given


def test_infinite_outcomes_count_as_missing() -> None:
    preds = _predictors(16, 25)
    y = preds[1].mean.copy()
    y[3] = np.inf
    out = link_outcome(y, "higher_better", preds, n_boot=50)
    assert out.n_teams == 24 and out.predictors[1].pearson.r == pytest.approx(1.0)
