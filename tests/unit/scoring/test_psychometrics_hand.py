"""scoring.psychometrics on small cases worked out by hand, and its edge cases."""

from __future__ import annotations

import numpy as np
import pytest

from scoring.errors import ScoringError
from scoring.psychometrics import (
    PsychometricsError,
    ResponseRangeError,
    ScalePointsError,
    ShapeError,
    ad_m,
    alpha_if_deleted,
    cronbach_alpha,
    group_mean_reliability,
    icc1,
    icc2,
    item_rest_correlations,
    mcdonald_omega,
    rwg,
    rwg_j,
    rwg_j_lindell,
    subscale_scores,
    team_agreement,
)

nan = np.nan


def test_subscale_scores_reverse_key_and_two_thirds_rule_on_7_points() -> None:
    # items: A1 A2 A3(R) B1 B2; on 7 points a reversed 2 becomes 8 - 2 = 6
    responses = [
        [5, 7, 2, 1, 3],  # A: (5 + 7 + 6)/3 = 6; B: 2
        [4, nan, 2, 1, nan],  # A: 2 of 3 answered -> (4 + 6)/2 = 5; B: 1 of 2 -> NaN
        [nan, nan, 7, 6, 6],  # A: 1 of 3 -> NaN; B: 6
    ]
    result = subscale_scores(responses, ["A", "A", "A", "B", "B"], [0, 0, 1, 0, 0], 7)
    assert result.names == ("A", "B")
    np.testing.assert_array_equal(result.scores, [[6, 2], [5, nan], [nan, 6]])
    np.testing.assert_array_equal(result.n_answered, [[3, 2], [2, 1], [1, 2]])


def test_subscale_scores_rejects_bad_input() -> None:
    with pytest.raises(ResponseRangeError):
        subscale_scores([[0, 3]], ["A", "A"], [False, False], 5)
    with pytest.raises(ResponseRangeError):
        subscale_scores([[6, 3]], ["A", "A"], [False, False], 5)
    with pytest.raises(ShapeError):
        subscale_scores([[1, 3]], ["A"], [False, False], 5)
    with pytest.raises(ScalePointsError):
        subscale_scores([[1, 1]], ["A", "A"], [False, False], 1)
    with pytest.raises(PsychometricsError):
        subscale_scores([[1, 1]], ["A", "A"], [False, False], 5, min_answered=0)


def test_cronbach_alpha_by_hand() -> None:
    # var(i1) = 1, var(i2) = 7/3, var(sum) = 19/3 -> alpha = 2 (1 - (10/3)/(19/3)) = 18/19
    result = cronbach_alpha([[1, 2], [2, 3], [3, 5]])
    assert result.alpha == pytest.approx(18 / 19, rel=1e-14)
    assert (result.n_used, result.n_items) == (3, 2)
    assert result.ci[0] < result.alpha < result.ci[1]


def test_cronbach_alpha_drops_incomplete_people() -> None:
    with_missing = cronbach_alpha([[1, 2], [2, 3], [nan, 4], [3, 5]])
    assert with_missing.alpha == pytest.approx(18 / 19, rel=1e-14)
    assert with_missing.n_used == 3


def test_alpha_edge_cases() -> None:
    assert np.isnan(cronbach_alpha([[1, 2]]).alpha)  # one respondent
    constant = cronbach_alpha([[3, 3], [3, 3], [3, 3]])  # zero variance
    assert np.isnan(constant.alpha) and np.isnan(constant.ci[0])
    with pytest.raises(ShapeError):
        cronbach_alpha([[1], [2]])
    with pytest.raises(ShapeError):
        cronbach_alpha([1, 2, 3])


def test_item_rest_and_alpha_if_deleted_by_hand() -> None:
    items = np.array([[1, 2, 1], [2, 3, 3], [3, 5, 2]], dtype=float)
    # item 3 against 1 + 2 = (3, 5, 8): r = cov / sqrt(var var)
    rest = items[:, 0] + items[:, 1]
    expected = np.corrcoef(items[:, 2], rest)[0, 1]
    assert item_rest_correlations(items)[2] == pytest.approx(expected, rel=1e-14)
    assert alpha_if_deleted(items)[2] == pytest.approx(18 / 19, rel=1e-14)
    assert np.isnan(alpha_if_deleted(items[:, :2])).all()  # one item would remain


def test_item_rest_is_nan_for_a_constant_item() -> None:
    r = item_rest_correlations([[1, 2, 4], [2, 3, 4], [3, 5, 4]])
    assert np.isnan(r[2]) and not np.isnan(r[0])


def test_omega_of_parallel_standardised_items() -> None:
    # three items with equal correlations rho: one factor with loadings sqrt(rho);
    # omega = 9 rho / (9 rho + 3 (1 - rho)) = 3 rho / (1 + 2 rho)
    rng = np.random.default_rng(3)
    common, noise = rng.normal(size=(400, 1)), rng.normal(size=(400, 3))
    items = common + noise
    corr = np.corrcoef(items, rowvar=False)
    result = mcdonald_omega(items)
    lam = result.loadings
    model = np.outer(lam, lam)
    off = ~np.eye(3, dtype=bool)
    # with 3 items a one-factor model reproduces the correlations exactly (0 df)
    np.testing.assert_allclose(model[off], corr[off], rtol=1e-9)
    assert result.omega == pytest.approx(lam.sum() ** 2 / (lam.sum() ** 2 + (1 - lam**2).sum()))


def test_omega_edge_cases() -> None:
    assert np.isnan(mcdonald_omega([[1, 2], [2, 3], [3, 5]]).omega)  # 2 items
    assert np.isnan(mcdonald_omega([[1, 2, 3], [2, 3, 3], [3, 5, 3]]).omega)  # constant item
    identical = np.tile(np.arange(1.0, 6.0)[:, None], (1, 4))
    assert mcdonald_omega(identical).omega == pytest.approx(1.0)


def test_rwg_by_hand() -> None:
    assert rwg([3, 4, 3, 4], 5) == pytest.approx(1 - (1 / 3) / 2)  # s^2 = 1/3, null 2
    assert rwg([3, 4, 3, 4], 7) == pytest.approx(1 - (1 / 3) / 4)  # null (49 - 1)/12 = 4
    assert rwg([1, 2, 3, 4, 5], 5) == 0.0  # s^2 = 2.5 > 2: truncated
    assert rwg([4, 4, nan, 4], 5) == 1.0  # zero variance
    assert np.isnan(rwg([4, nan], 5))  # one respondent
    assert np.isnan(rwg([], 5))
    with pytest.raises(ShapeError):
        rwg([[1, 2]], 5)


def test_rwg_j_lindell_and_ad_by_hand() -> None:
    team = [[2, 3], [3, 3], [4, 3]]  # variances 1 and 0 -> mean 0.5, ratio 0.25, J = 2
    assert rwg_j(team, 5) == pytest.approx(2 * 0.75 / (2 * 0.75 + 0.25))
    assert rwg_j_lindell(team, 5) == pytest.approx(0.75)
    assert ad_m(team) == pytest.approx((2 / 3 + 0) / 2)
    assert ad_m([2, 3, 4]) == pytest.approx(2 / 3)


def test_dissensus_truncates_rwg_j_but_not_lindell() -> None:
    team = [[1, 5], [5, 1], [1, 5], [5, 1]]  # s^2 = 16/3 per item
    assert rwg_j(team, 5) == 0.0
    assert rwg_j_lindell(team, 5) == pytest.approx(1 - (16 / 3) / 2)
    assert ad_m(team) == pytest.approx(2.0)


def test_items_answered_by_one_member_are_left_out() -> None:
    team = [[2, nan], [3, nan], [4, 5]]  # item 2 has one answer: J = 1, s^2 = 1
    assert rwg_j(team, 5) == pytest.approx(0.5)
    assert ad_m(team) == pytest.approx(2 / 3)
    assert np.isnan(rwg_j([[2, 3]], 5)) and np.isnan(ad_m([[2, 3]]))


def test_team_agreement_labels_sizes_and_values() -> None:
    items = [[3, 4], [3, 4], [1, 2], [5, 1], [2, nan]]
    result = team_agreement(items, ["b", "b", "a", "a", "c"], 5)
    assert result.groups.tolist() == ["a", "b", "c"]
    assert result.n_respondents.tolist() == [2, 2, 1]
    assert result.rwg_j[1] == 1.0 and result.ad_m[1] == 0.0
    assert result.rwg_j[0] == 0.0  # variances 8 and 0.5: mean 4.25 > 2
    assert np.isnan(result.rwg_j[2])
    with pytest.raises(ShapeError):
        team_agreement(items, ["a"], 5)


def test_icc_by_hand() -> None:
    # means 2 and 5; SSB = 13.5 (df 1), SSW = 4 (df 4): MSB = 13.5, MSW = 1, k = 3
    scores, groups = [1, 2, 3, 4, 5, 6, nan], ["x", "x", "x", "y", "y", "y", "z"]
    assert icc1(scores, groups) == pytest.approx(12.5 / 15.5)
    assert icc2(scores, groups) == pytest.approx(12.5 / 13.5)


def test_icc_edge_cases() -> None:
    assert np.isnan(icc1([1, 2, 3], ["a", "a", "a"]))  # one team
    assert np.isnan(icc1([1, 2], ["a", "b"]))  # no within-team variance estimate
    assert icc1([1, 1, 3, 3], ["a", "a", "b", "b"]) == 1.0  # MSW = 0
    assert np.isnan(icc2([2, 2, 2, 2], ["a", "a", "b", "b"]))  # MSB = 0
    assert icc1([1, 3, 1, 3], ["a", "a", "b", "b"]) < 0  # not truncated
    with pytest.raises(ShapeError):
        icc1([1, 2, 3], ["a", "b"])


def test_group_mean_reliability_by_hand() -> None:
    np.testing.assert_allclose(group_mean_reliability(0.2, [1, 5, 10]), [0.2, 5 / 9, 2 / 2.8])
    with pytest.raises(PsychometricsError):
        group_mean_reliability(0.2, [0, 3])


def test_errors_are_scoring_value_errors() -> None:
    for error in (PsychometricsError, ShapeError, ScalePointsError, ResponseRangeError):
        assert issubclass(error, ScoringError) and issubclass(error, ValueError)
