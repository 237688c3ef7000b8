"""D1-D6 against an independent per-participant implementation and against pyiat.

The oracle below restates, trial by trial and one participant at a time, the steps of
implicitMeasures ``computeD`` (read through the code search: latency > 10000 dropped, < 400 ms
dropped for d2/d5/d6, errors replaced by the block mean of correct trials + 600 ms or + 2 SD,
inclusive ``var`` with n - 1 after replacement). It shares no code with :mod:`scoring`.
pyiat 0.2 ``analyze_iat`` (drops >= 10000 and < 400 ms, built-in penalty, flags only) is our D2
with ``slow_cut="ge"`` and ``fast_exclusion="off"``; its D is cond1 - cond2, so cond1 = B.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scoring.dscore import compute_d, compute_d_variants
from scoring.options import DScoreOptions
from scoring.trials import TrialArrays
from tests.support.pyiat_reference import pyiat_d

DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "iat-public"
FILES = ["im_milk_iat", "iatpkg_gender_math_iat", "pyiat_death_iat"]


def load(name: str) -> pd.DataFrame:
    path = DATA / f"{name}.csv"
    if not path.exists():
        pytest.skip(f"public IAT datasets not found at {DATA} (../shared/data/iat-public)")
    frame = pd.read_csv(path)
    return frame[frame.critical == 1].reset_index(drop=True)


def trials_of(frame: pd.DataFrame) -> TrialArrays:
    return TrialArrays.from_labels(
        frame.subject.to_numpy(),
        frame.pairing.to_numpy(),
        frame.stage.to_numpy(),
        frame.latency_ms.to_numpy(),
        frame.correct.to_numpy() == 0,
    )


def oracle_d(rows: pd.DataFrame, variant: int, sd_before: bool = False) -> float:
    rows = rows[rows.latency_ms <= 10000]
    if variant in (2, 5, 6):
        rows = rows[rows.latency_ms >= 400]
    latency = rows.latency_ms.astype(float).copy()
    if variant >= 3:
        for _, block in rows.groupby(["pairing", "stage"]):
            correct = block.latency_ms[block.correct == 1]
            fill = correct.mean() + (600 if variant in (4, 6) else 2 * correct.std(ddof=1))
            latency[block.index[block.correct == 0]] = fill
    parts = []
    for stage in ("practice", "test"):
        in_stage = rows.stage == stage
        sd_source = rows.latency_ms if sd_before else latency
        mean_a = latency[in_stage & (rows.pairing == "A")].mean()
        mean_b = latency[in_stage & (rows.pairing == "B")].mean()
        parts.append((mean_b - mean_a) / sd_source[in_stage].std(ddof=1))
    return float(np.mean(parts))


@pytest.mark.parametrize("name", FILES)
def test_all_variants_match_independent_oracle(name: str) -> None:
    frame = load(name)
    frame = frame[frame.subject.isin(frame.subject.unique()[:25])]  # the oracle is slow
    options = DScoreOptions(fast_exclusion="off")  # type: ignore[arg-type]
    results = compute_d_variants(trials_of(frame), options)
    groups = dict(tuple(frame.groupby("subject")))
    for variant, result in results.items():
        number = int(str(variant)[1])
        for label, d in zip(result.participant, result.d, strict=True):
            expected = oracle_d(groups[type(next(iter(groups)))(label)], number)
            assert d == pytest.approx(expected, rel=1e-12, abs=1e-12), (name, variant, label)


def test_sd_before_replacement_matches_oracle() -> None:
    frame = load("im_milk_iat")
    frame = frame[frame.subject.isin(frame.subject.unique()[:25])]
    result = compute_d(trials_of(frame), DScoreOptions(variant="D4", sd_timing="before"), n_boot=0)  # type: ignore[arg-type]
    groups = dict(tuple(frame.groupby("subject")))
    for label, d in zip(result.participant, result.d, strict=True):
        assert d == pytest.approx(oracle_d(groups[int(label)], 4, sd_before=True), rel=1e-12)


@pytest.mark.parametrize("name", FILES)
def test_d2_matches_pyiat(name: str) -> None:
    frame = load(name)
    theirs = pyiat_d(frame, "latency_ms", "correct")
    options = DScoreOptions(variant="D2", slow_cut="ge", fast_exclusion="off")  # type: ignore[arg-type]
    ours = compute_d(trials_of(frame), options, n_boot=0, n_splits=0)
    expected = theirs.reindex(ours.participant.astype(frame.subject.dtype)).to_numpy(float)
    np.testing.assert_allclose(ours.d, expected, rtol=1e-12, atol=1e-13)
