"""SC-IAT D against implicitMeasures 0.3.1 ``compute_sciat`` and against hand-derived values.

The reference numbers live in fixtures/sciat_reference.json, written by
tests/fixtures/r/sciat_reference.R (CI needs no R) from simulated trials
(fixtures/sciat_trials.csv) and from the package's own public data set ``raw_data``
(its two SC-IATs, fixtures/sciat_public.csv.gz). Their ``mappingA`` is target + attribute −,
our pairing B: their D and ours have the same sign.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from scoring.errors import InvalidOptionsError, InvalidTrialsError
from scoring.sciat import SciatResult, compute_sciat_d

FIXTURES = Path(__file__).parent / "fixtures"
REF: dict[str, Any] = json.loads((FIXTURES / "sciat_reference.json").read_text())


def check_against(result: SciatResult, reference: dict[str, Any]) -> None:
    ours = dict(zip(result.participant.astype(str), result.d, strict=True))
    flags = dict(zip(result.participant.astype(str), result.flag_low_accuracy, strict=True))
    assert sorted(ours) == sorted(reference["participant"])
    for label, d, out in zip(
        reference["participant"], reference["d"], reference["out_accuracy"], strict=True
    ):
        assert ours[label] == pytest.approx(d, rel=1e-12, abs=1e-13), label
        assert flags[label] == (out == "out"), label


def test_simulated_trials_match_implicitmeasures() -> None:
    frame = pd.read_csv(FIXTURES / "sciat_trials.csv")
    result = compute_sciat_d(
        frame.participant,
        frame.block == "tgood",
        frame.latency,
        frame.correct == 0,
        frame.trial == "alert",
    )
    check_against(result, REF["simulated"])
    assert result.flag_low_accuracy.sum() >= 1
    assert result.n_no_response.sum() == (frame.trial == "alert").sum()


@pytest.mark.parametrize(("name", "target"), [("dark", "Dark"), ("milk", "Milk")])
def test_public_raw_data_matches_implicitmeasures(name: str, target: str) -> None:
    frame = pd.read_csv(FIXTURES / "sciat_public.csv.gz")
    prefix = f"test.sc_{name}.{target}"
    frame = frame[frame.blockcode.str.startswith(prefix)]
    result = compute_sciat_d(
        frame.Participant.astype(str),
        frame.blockcode == f"{prefix}good",
        frame.latency,
        frame.correct == 0,
        frame.trialcode == "alert",
    )
    check_against(result, REF[name])
    assert len(result.d) == 162
    assert 0.5 < result.split_half.spearman_brown < 1


def test_hand_computed_d_and_error_base() -> None:
    """A: 500, 700, error 900; B: 800, 1000, 300 (dropped, < 350 ms)."""
    latency = [500, 700, 900, 800, 1000, 300]
    is_a = [True, True, True, False, False, False]
    error = [False, False, True, False, False, False]
    sd = float(np.std([500, 700, 800, 1000], ddof=1))
    mean_a_all = (500 + 700 + (700 + 400)) / 3  # error -> mean of all three (700) + 400
    expected = ((800 + 1000) / 2 - mean_a_all) / sd
    result = compute_sciat_d(["x"] * 6, is_a, latency, error)
    assert result.d[0] == pytest.approx(expected, rel=1e-12)
    assert result.n_fast[0] == 1
    correct_base = compute_sciat_d(["x"] * 6, is_a, latency, error, error_base="correct")
    mean_a_correct = (500 + 700 + (600 + 400)) / 3
    assert correct_base.d[0] == pytest.approx((900 - mean_a_correct) / sd, rel=1e-12)


def test_sign_flips_with_conditions_and_bad_input_is_typed() -> None:
    frame = pd.read_csv(FIXTURES / "sciat_trials.csv")
    args = (frame.participant, frame.latency, frame.correct == 0, frame.trial == "alert")
    good = compute_sciat_d(args[0], frame.block == "tgood", *args[1:])
    bad = compute_sciat_d(args[0], frame.block == "tbad", *args[1:])
    np.testing.assert_allclose(bad.d, -good.d)
    with pytest.raises(InvalidTrialsError):
        compute_sciat_d(["x"], [True, False], [500.0], [False])
    with pytest.raises(InvalidTrialsError):
        compute_sciat_d(["x"], [True], [math.nan], [False])
    with pytest.raises(InvalidOptionsError):
        compute_sciat_d(["x"], [True], [500.0], [False], error_base="median")  # type: ignore[arg-type]


def test_one_condition_missing_gives_nan() -> None:
    result = compute_sciat_d(
        ["x", "x", "y", "y"], [True, True, True, False], [500, 600, 500, 700], [False] * 4
    )
    assert math.isnan(result.d[0])
    assert result.d[1] == pytest.approx(200 / np.std([500, 700], ddof=1), rel=1e-12)


def test_each_participant_scores_as_if_alone() -> None:
    """Vectorised across participants: nobody's D depends on the others' trials."""
    frame = pd.read_csv(FIXTURES / "sciat_trials.csv")

    def score(rows: pd.DataFrame) -> SciatResult:
        return compute_sciat_d(
            rows.participant, rows.block == "tgood", rows.latency, rows.correct == 0,
            rows.trial == "alert",
        )  # fmt: skip

    together = score(frame)
    for label, d in zip(together.participant[:10], together.d[:10], strict=True):
        assert score(frame[frame.participant == label]).d[0] == pytest.approx(d, rel=1e-12)
