"""BIAT D against pyiat 0.2 (``analyze_iat(..., biat=True)``) and against hand-derived values.

pyiat's D is ``cond1 - cond2`` over the block pairs ``blocks[0:2]``, ``blocks[2:4]``...: with
``cond1 = "B"`` it is our D (positive = faster in pairing A).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from scoring.biat import compute_biat_d
from scoring.errors import InvalidTrialsError


def generated(n_people: int, n_blocks: int, seed: int) -> pd.DataFrame:
    """BIAT sessions of 20-trial blocks, alternating pairings, with every recoding case."""
    rng = np.random.default_rng(seed)
    rows = []
    for person in range(n_people):
        first_a = rng.random() < 0.5
        effect = rng.normal(60, 80)
        for block in range(1, n_blocks + 1):
            is_a = (block % 2 == 1) == first_a
            base = rng.lognormal(np.log(700), 0.35, 20) + (0 if is_a else effect)
            base[rng.random(20) < 0.04] = rng.uniform(10_000, 12_000)  # slow: dropped
            base[rng.random(20) < 0.05] = rng.uniform(150, 399)  # fast: recoded to 400
            for trial, latency in enumerate(base, start=1):
                error = int(rng.random() < 0.08)
                rows.append((f"p{person:03d}", block, "A" if is_a else "B", trial, latency, error))
    columns = ["subject", "block", "pairing", "trial", "latency_ms", "error"]
    return pd.DataFrame(rows, columns=columns)


def ours(frame: pd.DataFrame):  # type: ignore[no-untyped-def]
    return compute_biat_d(
        frame.subject, frame.block, frame.pairing == "A", frame.trial, frame.latency_ms, frame.error
    )


def pyiat_d(frame: pd.DataFrame, n_blocks: int) -> pd.Series:
    pyiat = pytest.importorskip("pyiat")
    frame = frame.assign(correct=1 - frame.error)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = pyiat.analyze_iat(
            frame,
            subject="subject",
            rt="latency_ms",
            correct="correct",
            condition="pairing",
            cond1="B",
            cond2="A",
            block="block",
            blocks=list(range(1, n_blocks + 1)),
            biat=True,
            biat_trl_num="trial",
        )
    return out["dscore"].astype(float)


@pytest.mark.parametrize(("n_blocks", "seed"), [(2, 1), (4, 2), (6, 3)])
def test_d_matches_pyiat(n_blocks: int, seed: int) -> None:
    frame = generated(40, n_blocks, seed)
    result = ours(frame)
    expected = pyiat_d(frame, n_blocks).reindex(result.participant).to_numpy()
    np.testing.assert_allclose(result.d, expected, rtol=1e-12, atol=1e-13)


def test_public_death_iat_test_blocks_scored_as_a_biat_pair() -> None:
    """pyiat's public example: its two 40-trial test blocks (one per pairing) as one BIAT pair."""
    from tests.unit.scoring.test_dscore_reference import load

    frame = load("pyiat_death_iat")
    frame = frame[frame.stage == "test"].assign(
        error=lambda f: 1 - f.correct, block=lambda f: f.block_index
    )
    result = ours(frame)
    expected = pyiat_d(frame.assign(block=frame.block_index.rank(method="dense")), 2)
    np.testing.assert_allclose(
        result.d, expected.reindex(result.participant).to_numpy(), rtol=1e-12, atol=1e-13
    )
    assert len(result.d) == 19


def test_hand_computed_pair() -> None:
    """One pair of 6-trial blocks: trials 1-4 dropped, 2500 -> 2000, 300 -> 400, 10 000 dropped."""
    latency = [9, 9, 9, 9, 2500, 300, 9, 9, 9, 9, 500, 10_000]
    result = compute_biat_d(
        ["x"] * 12,
        [1] * 6 + [2] * 6,
        [True] * 6 + [False] * 6,
        [1, 2, 3, 4, 5, 6] * 2,
        latency,
        [False] * 12,
    )
    kept = np.array([2000.0, 400.0, 500.0])
    expected = (500.0 - 1200.0) / kept.std(ddof=1)
    assert result.d[0] == pytest.approx(expected, rel=1e-12)
    assert result.n_scored[0] == 3


def test_pair_without_both_pairings_is_nan_and_lengths_checked() -> None:
    result = compute_biat_d(
        ["x"] * 12,
        [1] * 6 + [2] * 6,
        [True] * 12,
        [1, 2, 3, 4, 5, 6] * 2,
        [800.0] * 6 + [900.0] * 6,
        [False] * 12,
    )
    assert math.isnan(result.d[0])
    with pytest.raises(InvalidTrialsError):
        compute_biat_d(["x"], [1, 2], [True], [1], [500.0], [False])


def test_swapping_pairings_flips_sign_and_reliability_is_computed() -> None:
    frame = generated(60, 4, 7)
    result = ours(frame)
    swapped = ours(frame.assign(pairing=frame.pairing.map({"A": "B", "B": "A"})))
    np.testing.assert_allclose(swapped.d, -result.d)
    assert result.split_half.n == 60
    assert 0 < result.split_half.spearman_brown <= 1


def test_each_participant_scores_as_if_alone() -> None:
    """Vectorised across participants: nobody's D depends on the others' trials."""
    frame = generated(12, 6, 11)
    together = ours(frame)
    for label, d in zip(together.participant, together.d, strict=True):
        alone = ours(frame[frame.subject == label])
        assert alone.d[0] == pytest.approx(d, rel=1e-12)
