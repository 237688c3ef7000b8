"""Careless-answering flags (scoring.careless): they mark, they never drop."""

from __future__ import annotations

import numpy as np
import pytest

from scoring.careless import DurationError, speeding, straightlining
from scoring.psychometrics import ShapeError

nan = np.nan


def test_straightlining_needs_identical_answers_and_a_minimum_count() -> None:
    responses = np.array(
        [
            [4, 4, 4, 4, 4],  # flagged
            [4, 4, nan, 4, 4],  # 4 answered, all the same: flagged at min 4
            [4, 4, nan, nan, 4],  # only 3 answered: not flagged
            [4, 4, 4, 4, 5],  # varies
            [nan] * 5,  # nothing answered
        ]
    )
    before = responses.copy()
    np.testing.assert_array_equal(
        straightlining(responses, min_answered=4), [True, True, False, False, False]
    )
    np.testing.assert_array_equal(responses, before)  # answers untouched


def test_straightlining_default_minimum_is_ten_items() -> None:
    assert straightlining(np.full((1, 10), 3.0)).tolist() == [True]
    assert straightlining(np.full((1, 9), 3.0)).tolist() == [False]
    with pytest.raises(ShapeError):
        straightlining([3, 3, 3])


def test_speeding_per_page_and_per_person() -> None:
    durations = [[6000, 30000, 12000], [3000, 6000, nan], [nan, nan, nan]]
    flags = speeding(durations, [6, 6, 4])
    np.testing.assert_allclose(
        flags.page_ms_per_item, [[1000, 5000, 3000], [500, 1000, nan], [nan] * 3]
    )
    np.testing.assert_array_equal(
        flags.page_too_fast, [[True, False, False], [True, True, False], [False] * 3]
    )
    np.testing.assert_allclose(flags.ms_per_item, [48000 / 16, 9000 / 12, nan])
    np.testing.assert_array_equal(flags.too_fast, [False, True, False])


def test_speeding_threshold_items_per_person_and_pages_without_items() -> None:
    flags = speeding([[5000, 100]], [[2, 0]], min_ms_per_item=3000)
    assert flags.too_fast.tolist() == [True]  # 5000 ms / 2 items = 2500 ms per item
    assert np.isnan(flags.page_ms_per_item[0, 1])


def test_speeding_rejects_bad_input() -> None:
    with pytest.raises(DurationError):
        speeding([[-1.0, 2000]], [6, 6])
    with pytest.raises(ShapeError):
        speeding([[1000.0, 2000]], [6, 6, 6])
    with pytest.raises(ShapeError):
        speeding([1000.0, 2000], [6, 6])
