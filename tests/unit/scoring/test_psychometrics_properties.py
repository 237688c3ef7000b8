"""Properties of scoring.psychometrics (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from scoring.psychometrics import (
    ad_m,
    cronbach_alpha,
    group_mean_reliability,
    icc1,
    icc2,
    rwg_j,
    rwg_j_lindell,
    team_agreement,
)

FAST = settings(max_examples=40, deadline=None)
answers = st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0, np.nan])


def likert(rows: st.SearchStrategy[int], cols: st.SearchStrategy[int]) -> st.SearchStrategy:
    return st.tuples(rows, cols).flatmap(lambda s: arrays(np.float64, s, elements=answers))


@FAST
@given(arrays(np.float64, st.integers(2, 30), elements=st.integers(1, 5)), st.integers(2, 6))
def test_alpha_of_identical_items_is_one(column: np.ndarray, k: int) -> None:
    items = np.tile(column[:, None], (1, k))
    result = cronbach_alpha(items)
    if np.ptp(column) > 0:
        assert abs(result.alpha - 1) < 1e-12
    else:
        assert np.isnan(result.alpha)


@FAST
@given(likert(st.integers(3, 20), st.integers(2, 6)), st.data())
def test_alpha_ignores_item_order_and_shifts(items: np.ndarray, data: st.DataObject) -> None:
    order = data.draw(st.permutations(range(items.shape[1])))
    a = cronbach_alpha(items).alpha
    for other in (items[:, order], items + np.arange(items.shape[1]) * 10.0):
        assert np.isclose(a, cronbach_alpha(other).alpha, equal_nan=True, rtol=1e-9, atol=1e-9)


@FAST
@given(arrays(np.float64, st.integers(1, 8), elements=answers), st.integers(2, 12))
def test_a_team_that_answers_the_same_has_full_agreement(pattern: np.ndarray, n: int) -> None:
    team = np.tile(pattern, (n, 1))
    if np.isnan(pattern).all():
        assert np.isnan(rwg_j(team, 5))
        return
    assert rwg_j(team, 5) == 1.0
    assert rwg_j_lindell(team, 5) == 1.0
    assert ad_m(team) == 0.0


@FAST
@given(likert(st.integers(1, 25), st.integers(1, 5)), st.data())
def test_team_agreement_equals_the_single_team_functions(
    items: np.ndarray, data: st.DataObject
) -> None:
    groups = np.array(
        data.draw(st.lists(st.sampled_from("abc"), min_size=len(items), max_size=len(items)))
    )
    result = team_agreement(items, groups, 5)
    for label, r, r_star, ad in zip(
        result.groups, result.rwg_j, result.rwg_j_lindell, result.ad_m, strict=True
    ):
        members = items[groups == label]
        assert np.isclose(r, rwg_j(members, 5), equal_nan=True, rtol=0, atol=0)
        assert np.isclose(r_star, rwg_j_lindell(members, 5), equal_nan=True, rtol=0, atol=0)
        assert np.isclose(ad, ad_m(members), equal_nan=True, rtol=0, atol=0)
        assert np.isnan(r) or 0 <= r <= 1
        assert np.isnan(r_star) or r_star <= 1  # not truncated below (Lindell et al. 1999)


@FAST
@given(st.integers(2, 6), st.integers(2, 8), st.floats(-1, 1))
def test_icc2_is_spearman_brown_of_icc1_for_balanced_teams(g: int, k: int, seed: float) -> None:
    rng = np.random.default_rng(abs(int(seed * 1e6)))
    scores = rng.normal(size=g * k) + np.repeat(rng.normal(size=g), k)
    groups = np.repeat(np.arange(g), k)
    expected = group_mean_reliability(icc1(scores, groups), [k])[0]
    assert np.isclose(icc2(scores, groups), expected, rtol=1e-9)


def test_shuffling_team_labels_drives_icc1_towards_zero() -> None:
    rng = np.random.default_rng(2024)
    groups = np.repeat(np.arange(20), 8)
    scores = np.repeat(rng.normal(0, 1, 20), 8) + rng.normal(0, 0.5, groups.size)
    assert icc1(scores, groups) > 0.6
    shuffled = [icc1(scores, rng.permutation(groups)) for _ in range(200)]
    assert abs(np.mean(shuffled)) < 0.02
    assert np.max(shuffled) < 0.3
