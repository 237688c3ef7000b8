"""The ordering algorithm on its own: arbitrary feasible multisets."""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from iat.sequence import arrange_without_repeats, split_evenly


@st.composite
def feasible_counts(draw: st.DrawFn) -> list[int]:
    counts = draw(st.lists(st.integers(min_value=0, max_value=12), min_size=2, max_size=10))
    total = sum(counts)
    largest = max(counts)
    if 2 * largest > total + 1:
        counts[counts.index(largest)] = (total - largest) + 1
    return counts


@settings(max_examples=100, deadline=None)
@given(feasible_counts(), st.integers(min_value=0, max_value=2**32), st.data())
def test_arrangement_keeps_counts_and_never_repeats(
    counts: list[int], seed: int, data: st.DataObject
) -> None:
    avoid = data.draw(st.none() | st.integers(min_value=0, max_value=len(counts) - 1))
    order = arrange_without_repeats(counts, np.random.default_rng(seed), avoid)
    assert Counter(order) == Counter({i: c for i, c in enumerate(counts) if c})
    assert all(a != b for a, b in itertools.pairwise(order))
    if order and avoid is not None and 2 * counts[avoid] <= sum(counts):
        assert order[0] != avoid


@settings(max_examples=100, deadline=None)
@given(
    st.integers(min_value=0, max_value=200),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=0, max_value=2**32),
)
def test_split_evenly(total: int, parts: int, seed: int) -> None:
    counts = split_evenly(total, parts, np.random.default_rng(seed))
    assert sum(counts) == total and len(counts) == parts
    assert max(counts) - min(counts) <= 1


def test_orders_are_not_degenerate() -> None:
    """Every item opens the sequence sometimes: the draw is not a fixed pattern."""
    firsts = Counter(
        arrange_without_repeats([4, 4, 4, 4], np.random.default_rng(seed))[0] for seed in range(400)
    )
    assert set(firsts) == {0, 1, 2, 3}
    assert min(firsts.values()) > 60
