"""D scores of tiny participants computed by hand (every expected value is spelled out)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from scoring.dscore import compute_d
from scoring.options import DScoreOptions
from scoring.trials import TrialArrays

# cell order: A practice, B practice, A test, B test
BASE = {
    "A_practice": [600, 800],
    "B_practice": [900, 1100],
    "A_test": [500, 700],
    "B_test": [1000, 1200],
}


def make(
    blocks: dict[str, list[float]], errors: dict[str, list[bool]] | None = None
) -> TrialArrays:
    """One participant from ``{cell: latencies}``; ``errors`` flags trials per cell."""
    pairing, stage, latency, error = [], [], [], []
    for cell, values in blocks.items():
        p, s = cell.split("_")
        flags = (errors or {}).get(cell, [False] * len(values))
        pairing += [p] * len(values)
        stage += [s] * len(values)
        latency += values
        error += flags
    return TrialArrays.from_labels(["p1"] * len(latency), pairing, stage, latency, error)


def score(trials: TrialArrays, **options: str) -> float:
    return float(compute_d(trials, DScoreOptions(**options), n_boot=0, n_splits=0).d[0])  # type: ignore[arg-type]


def test_all_correct_by_hand() -> None:
    # practice: means 700 / 1000, pooled {600, 800, 900, 1100}: mean 850, SS = 130000
    # test: means 600 / 1100, pooled {500, 700, 1000, 1200}: mean 850, SS = 290000
    expected = 0.5 * (300 / math.sqrt(130000 / 3) + 500 / math.sqrt(290000 / 3))
    result = compute_d(make(BASE), n_boot=0, n_splits=0)
    assert result.d[0] == pytest.approx(expected, rel=1e-14)
    assert result.d_practice[0] == pytest.approx(300 / math.sqrt(130000 / 3), rel=1e-14)
    assert result.band[0] == "strong"  # D > 0: faster in A
    for variant in ("D1", "D2", "D3", "D4", "D5", "D6"):
        assert score(make(BASE), variant=variant) == pytest.approx(expected, rel=1e-14)


def with_error() -> TrialArrays:
    blocks = {**BASE, "A_practice": [600, 800, 2000]}
    return make(blocks, {"A_practice": [False, False, True]})


def d_from(cells: dict[str, list[float]], sd_cells: dict[str, list[float]] | None = None) -> float:
    sd_cells = sd_cells or cells
    parts = []
    for stage in ("practice", "test"):
        a, b = cells[f"A_{stage}"], cells[f"B_{stage}"]
        sd = np.std(sd_cells[f"A_{stage}"] + sd_cells[f"B_{stage}"], ddof=1)
        parts.append((np.mean(b) - np.mean(a)) / sd)
    return float(np.mean(parts))


def test_error_treatments_by_hand() -> None:
    two_sd = 700 + 2 * float(np.std([600, 800], ddof=1))  # 982.84...
    recorded = {**BASE, "A_practice": [600, 800, 2000]}
    assert score(with_error(), variant="D1") == pytest.approx(d_from(recorded), rel=1e-13)
    d4 = {**BASE, "A_practice": [600, 800, 1300]}  # mean of correct 700 + 600
    assert score(with_error(), variant="D4") == pytest.approx(d_from(d4), rel=1e-13)
    d3 = {**BASE, "A_practice": [600, 800, two_sd]}
    assert score(with_error(), variant="D3") == pytest.approx(d_from(d3), rel=1e-13)
    before = score(with_error(), variant="D4", sd_timing="before")
    assert before == pytest.approx(d_from(d4, recorded), rel=1e-13)


def test_fast_trial_deletion_is_strictly_below_400() -> None:
    blocks = {**BASE, "A_test": [500, 700, 399, 400]}
    assert score(make(blocks), variant="D2") == pytest.approx(
        d_from({**BASE, "A_test": [500, 700, 400]}), rel=1e-13
    )
    assert score(make(blocks), variant="D1") == pytest.approx(d_from(blocks), rel=1e-13)


def test_slow_cut_gt_and_ge() -> None:
    blocks = {**BASE, "B_test": [1000, 1200, 10000, 10000.5]}
    assert score(make(blocks)) == pytest.approx(
        d_from({**BASE, "B_test": [1000, 1200, 10000]}), rel=1e-13
    )
    assert score(make(blocks), slow_cut="ge") == pytest.approx(d_from(BASE), rel=1e-13)


def fast_participant(n_fast: int) -> TrialArrays:
    """120 trials, ``n_fast`` of them at 250 ms, the rest alternating 700/900 (A) and 900/1100."""
    blocks = {
        "A_practice": [700.0, 900.0] * 10,
        "B_practice": [900.0, 1100.0] * 10,
        "A_test": [700.0, 900.0] * 20,
        "B_test": [900.0, 1100.0] * 20,
    }
    blocks["A_test"][:n_fast] = [250.0] * n_fast
    return make(blocks)


def test_fast_participant_rule_is_more_than_ten_percent_of_recorded_trials() -> None:
    at_limit = compute_d(fast_participant(12), n_boot=0, n_splits=0)  # 12 / 120 = 10 %: kept
    assert not at_limit.excluded[0] and math.isfinite(at_limit.d[0])
    over = compute_d(fast_participant(13), n_boot=0, n_splits=0)
    assert over.excluded[0] and over.flags.too_fast[0] and math.isnan(over.d[0])
    assert over.fast_rate[0] == pytest.approx(13 / 120)
    flagged = compute_d(fast_participant(13), DScoreOptions(fast_exclusion="flag"), n_boot=0)  # type: ignore[arg-type]
    assert flagged.flags.too_fast[0] and not flagged.excluded[0] and math.isfinite(flagged.d[0])
    off = compute_d(fast_participant(13), DScoreOptions(fast_exclusion="off"), n_boot=0)  # type: ignore[arg-type]
    assert not off.flags.too_fast[0]


def test_flags_and_counts() -> None:
    blocks = {**BASE, "A_practice": [600, 800, 2000], "B_test": [1000, 1200, 20000]}
    errors = {"A_practice": [True, True, True]}
    result = compute_d(make(blocks, errors), n_boot=0, n_splits=0)
    counts = result.counts
    assert (counts.n_trials[0], counts.n_slow[0], counts.n_kept[0], counts.n_errors[0]) == (
        10,
        1,
        9,
        3,
    )
    assert result.error_rate[0] == pytest.approx(3 / 9)
    assert result.flags.too_many_errors[0] and result.flags.too_few_trials[0]
    assert result.flags.labels() == ["too_many_errors;too_few_trials"]
    assert math.isnan(score(make(blocks, errors), variant="D4"))  # no correct trial to replace from


def test_missing_block_gives_nan_and_flag() -> None:
    blocks = {k: v for k, v in BASE.items() if k != "B_test"}
    result = compute_d(make(blocks), n_boot=0, n_splits=0)
    assert result.flags.missing_block[0] and math.isnan(result.d[0]) and result.band[0] == ""
