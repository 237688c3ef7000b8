"""Options, provenance round trips, default variant by error mode, bands and the t quantile."""

from __future__ import annotations

import math

import numpy as np
import pytest

from scoring import __version__
from scoring.dscore import compute_d
from scoring.errors import InvalidOptionsError, InvalidTrialsError, NoCriticalTrialsError
from scoring.options import DScoreOptions, Variant, options_for_error_mode
from scoring.provenance import Provenance
from scoring.reliability import spearman_brown, split_half
from scoring.summary import band, mean_d, student_t_ppf
from scoring.trials import TrialArrays


def test_options_have_exactly_the_design_fields_and_round_trip() -> None:
    options = DScoreOptions(variant="d3", slow_cut="GE", sd_timing="before")  # type: ignore[arg-type]
    assert options.to_dict() == {
        "variant": "D3",
        "slow_cut": "ge",
        "fast_exclusion": "apply",
        "sd_timing": "before",
        "latency": "to_correct",
    }
    assert DScoreOptions.from_dict(options.to_dict()) == options


@pytest.mark.parametrize("bad", [{"variant": "D7"}, {"slow_cut": "gte"}, {"colour": "red"}])
def test_unknown_options_raise(bad: dict[str, str]) -> None:
    with pytest.raises(InvalidOptionsError):
        DScoreOptions.from_dict(bad)


def test_error_mode_picks_the_default_variant_and_says_so() -> None:
    assert options_for_error_mode("none")[0].variant is Variant.D4
    assert options_for_error_mode("forced_correction")[0].variant is Variant.D1
    with pytest.raises(InvalidOptionsError):
        options_for_error_mode("sometimes")
    trials = TrialArrays.from_labels(
        ["x"] * 8,
        list("AABBAABB"),
        ["practice"] * 4 + ["test"] * 4,
        [500, 600, 700, 900, 500, 650, 800, 900],
        [False] * 8,
    )
    result = compute_d(trials, error_mode="none", n_boot=0, n_splits=0)
    assert result.provenance.variant == "D4" and "none" in result.provenance.note


def test_provenance_round_trip_allows_rescoring() -> None:
    trials = TrialArrays.from_labels(
        ["x"] * 8,
        list("AABBAABB"),
        ["practice"] * 4 + ["test"] * 4,
        [500, 600, 700, 900, 500, 650, 800, 900],
        [False] * 8,
    )
    provenance = compute_d(trials, DScoreOptions(variant="D2"), n_boot=0).provenance  # type: ignore[arg-type]
    data = provenance.to_dict()
    assert data["variant"] == "D2" and data["package_version"] == __version__
    assert data["n_trials"] == 8 and data["n_kept"] == 8
    assert Provenance.from_dict(data) == provenance


def test_trial_validation() -> None:
    with pytest.raises(InvalidTrialsError):
        TrialArrays.from_labels(["x"], ["C"], ["test"], [500], [False])
    with pytest.raises(InvalidTrialsError):
        TrialArrays.from_labels(["x", "x"], ["A", "B"], ["test", "test"], [500, -1], [0, 0])
    with pytest.raises(InvalidTrialsError):
        TrialArrays(
            participant=np.array([0, 1]),
            labels=np.array(["x"]),
            is_a=np.array([1, 0]),
            is_test=np.array([1, 1]),
            latency_ms=np.array([1.0, 2.0]),
            error=np.array([0, 0]),
        )
    with pytest.raises(NoCriticalTrialsError):
        TrialArrays.from_labels([], [], [], [], [])


def test_bands_follow_project_implicit_limits() -> None:
    values = np.array([0.0, 0.1499, -0.15, 0.3499, 0.35, -0.6499, 0.65, np.nan])
    assert band(values).tolist() == [
        "none",
        "none",
        "slight",
        "slight",
        "moderate",
        "moderate",
        "strong",
        "",
    ]


def t_cdf_even(t: float, df: int) -> float:
    """Closed form of the t CDF for even df (Abramowitz & Stegun 26.7.3)."""
    theta = math.atan(t / math.sqrt(df))
    term, total = 1.0, 1.0
    for j in range(1, df // 2):
        term *= (2 * j - 1) / (2 * j) * math.cos(theta) ** 2
        total += term
    return 0.5 + 0.5 * math.sin(theta) * total


@pytest.mark.parametrize("df", [2, 4, 10, 30])
def test_t_quantile_inverts_the_closed_form_cdf(df: int) -> None:
    for p in (0.9, 0.975, 0.995):
        assert t_cdf_even(student_t_ppf(p, df), df) == pytest.approx(p, abs=1e-13)
    assert student_t_ppf(0.975, 1) == pytest.approx(math.tan(math.pi * 0.475), rel=1e-12)


def test_mean_d_interval_by_hand() -> None:
    result = mean_d(np.array([0.1, 0.3, 0.5, np.nan]))
    half = student_t_ppf(0.975, 2) * 0.2 / math.sqrt(3)  # sd of (0.1, 0.3, 0.5) is 0.2
    assert (result.n, result.mean) == (3, pytest.approx(0.3))
    assert result.ci_low == pytest.approx(0.3 - half) and result.ci_high == pytest.approx(
        0.3 + half
    )


def test_split_half_and_spearman_brown_by_hand() -> None:
    assert spearman_brown(0.5) == pytest.approx(2 / 3)
    halves = np.array([[0.1, 0.2], [0.4, 0.3], [0.9, 1.0], [np.nan, 0.1]])
    result = split_half(halves, np.ones(4, dtype=bool))
    r = np.corrcoef([0.1, 0.4, 0.9], [0.2, 0.3, 1.0])[0, 1]
    assert (
        result.n == 3
        and result.r == pytest.approx(r)
        and result.spearman_brown == pytest.approx(2 * r / (1 + r))
    )
