"""The split-half read from per-person halves, computed a chunk of sessions at a time, equals
scoring every included session at once (``scoring.dscore.compute_d``'s odd/even split-half)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from app.aggregates.iat_figures import IatSessions, session_halves, split_half_of
from scoring.dscore import compute_d
from scoring.trials import TrialArrays

SIZES = (20, 20, 40, 40)  # A practice, B practice, A test, B test


def _trials(n: int, seed: int) -> list[tuple[int, str, str, float, bool, float]]:
    rng = np.random.default_rng(seed)
    rows = []
    for person in range(n):
        effect = rng.normal(80, 120)
        for cell, size in enumerate(SIZES):
            for _ in range(size):
                error = bool(rng.random() < 0.07)
                latency = float(np.exp(rng.normal(6.6, 0.3)) + effect * (cell % 2) + 400 * error)
                pairing, stage = "AB"[cell % 2], ("practice", "test")[cell >= 2]
                rows.append((100 + person * 3, pairing, stage, latency, error, latency))
    return rows


@pytest.mark.parametrize("chunk", [1, 7, 1000])
def test_chunked_halves_give_the_whole_sample_split_half(chunk: int) -> None:
    rows = _trials(25, seed=3)
    ids = [100 + p * 3 for p in range(25)]
    d = np.array([0.1] * 22 + [math.nan] * 3)  # the last three are not included
    sessions = IatSessions(d, np.isnan(d), np.zeros(25, bool), np.zeros(25, bool), None)
    read: list[int] = []

    def trials(wanted: list[int]) -> list[tuple[int, str, str, float, bool, float]]:
        read.extend(wanted)
        return [t for t in rows if t[0] in wanted]

    halves, new = session_halves(sessions, ids, trials, {}, chunk=chunk)
    assert np.isnan(halves[22:]).all() and sorted(read) == ids[:22] and len(new) == 22
    included = [t for t in rows if t[0] in set(ids[:22])]
    expected = compute_d(
        TrialArrays.from_labels(*zip(*included, strict=True)), n_boot=0, n_splits=0
    ).odd_even
    found = split_half_of(halves, np.isfinite(d))
    assert found.n == expected.n >= 20  # the scoring may exclude someone (too many fast trials)
    assert found.r == pytest.approx(expected.r)
    assert found.spearman_brown == pytest.approx(expected.spearman_brown)
    # Incremental: with the halves known but one, only that one's trials are read again.
    known = {s: pair for s, pair in new.items() if s != ids[5]}
    read.clear()
    again, added = session_halves(sessions, ids, trials, known, chunk=chunk)
    assert read == [ids[5]] and list(added) == [ids[5]]
    np.testing.assert_array_equal(again, halves)
