"""The simulated respondent: fields, determinism, realistic rates and effects."""

from __future__ import annotations

import statistics

import numpy as np
import pytest

from iat import (
    ErrorMode,
    Pairing,
    RespondentProfile,
    SessionPlan,
    SimulatedTrial,
    SimulationError,
    StudyDefinition,
    generate_session_plan,
    parse_study,
    simulate_responses,
    study_document,
)
from iat.simulation import ex_gaussian

DESIGN_FIELDS = {
    "block_index",
    "block_role",
    "pairing",
    "stage",
    "trial_index",
    "stimulus_id",
    "category",
    "correct_side",
    "first_response_key",
    "first_latency_ms",
    "error",
    "latency_to_correct_ms",
    "onset_method",
    "input_modality",
    "focus_lost",
}


@pytest.fixture(scope="module")
def plan(study: StudyDefinition) -> SessionPlan:
    return generate_session_plan(study, None, 9, "fr")


def _many(plan: SessionPlan, profile: RespondentProfile, n: int = 30) -> list[SimulatedTrial]:
    return [
        t
        for seed in range(n)
        for t in simulate_responses(plan, np.random.default_rng(seed), profile)
    ]


def test_one_trial_per_planned_trial_with_design_fields(plan: SessionPlan) -> None:
    trials = simulate_responses(plan, np.random.default_rng(1))
    assert len(trials) == plan.n_trials
    row = trials[0].model_dump(mode="json")
    assert set(row) >= DESIGN_FIELDS
    assert row["onset_method"] == "simulated" and row["focus_lost"] is False
    assert isinstance(row["first_latency_ms"], float)
    assert isinstance(row["latency_to_correct_ms"], float)
    planned = [(b.index, t.index, t.stimulus_id) for b in plan.blocks for t in b.trials]
    assert [(t.block_index, t.trial_index, t.stimulus_id) for t in trials] == planned


def test_same_seed_same_answers(plan: SessionPlan) -> None:
    first = simulate_responses(plan, np.random.default_rng(77))
    assert first == simulate_responses(plan, np.random.default_rng(77))
    assert first != simulate_responses(plan, np.random.default_rng(78))


def test_keys_and_errors_agree(plan: SessionPlan) -> None:
    for trial in simulate_responses(plan, np.random.default_rng(3)):
        wrong = trial.first_response_side is not trial.correct_side
        assert trial.error is wrong
        assert trial.first_response_key == plan.keys.for_side(trial.first_response_side)
        if trial.error:
            assert trial.latency_to_correct_ms > trial.first_latency_ms
        else:
            assert trial.latency_to_correct_ms == trial.first_latency_ms


def test_typical_latencies_and_error_rate(plan: SessionPlan) -> None:
    trials = _many(plan, RespondentProfile.typical())
    combined = [t.first_latency_ms for t in trials if t.pairing is not None]
    # Ex-Gaussian mean = mu + tau = 850 ms; 30 x 160 trials give an SE near 2 ms.
    assert 830 < statistics.fmean(combined) < 870
    error_rate = sum(t.error for t in trials) / len(trials)
    assert 0.05 < error_rate < 0.07


def test_positive_effect_makes_pairing_a_faster(plan: SessionPlan) -> None:
    trials = _many(plan, RespondentProfile.typical(effect_ms=150.0))
    mean = {
        pairing: statistics.fmean(t.first_latency_ms for t in trials if t.pairing is pairing)
        for pairing in Pairing
    }
    assert 120 < mean[Pairing.B] - mean[Pairing.A] < 180


def test_effect_as_d_gives_about_that_d(plan: SessionPlan) -> None:
    trials = _many(plan, RespondentProfile.from_d(0.6, error_rate=0.0), n=40)
    a = [t.first_latency_ms for t in trials if t.pairing is Pairing.A]
    b = [t.first_latency_ms for t in trials if t.pairing is Pairing.B]
    d = (statistics.fmean(b) - statistics.fmean(a)) / statistics.stdev(a + b)
    assert 0.5 < d < 0.7


def test_d_must_stay_below_two() -> None:
    with pytest.raises(SimulationError):
        RespondentProfile.from_d(2.0)


def test_fast_responders_trip_the_300_ms_rule(plan: SessionPlan) -> None:
    trials = simulate_responses(plan, np.random.default_rng(5), RespondentProfile.fast())
    assert sum(t.first_latency_ms < 300 for t in trials) / len(trials) > 0.25


def test_careless_responders_trip_the_30_percent_error_rule(plan: SessionPlan) -> None:
    trials = simulate_responses(plan, np.random.default_rng(5), RespondentProfile.careless())
    assert sum(t.error for t in trials) / len(trials) > 0.3


def test_flash_mode_ends_the_trial_at_the_first_response(study: StudyDefinition) -> None:
    flash = parse_study({**study_document(study), "version": None, "error_mode": "flash"})
    assert flash.error_mode is ErrorMode.FLASH
    plan = generate_session_plan(flash, None, 2, "en")
    trials = simulate_responses(plan, np.random.default_rng(2), RespondentProfile(error_rate=0.5))
    assert any(t.error for t in trials)
    assert all(t.latency_to_correct_ms == t.first_latency_ms for t in trials)


def test_ex_gaussian_moments() -> None:
    values = ex_gaussian(np.random.default_rng(0), 600.0, 80.0, 200.0, 200_000)
    assert abs(values.mean() - 800.0) < 2.0
    assert abs(values.std() - float(np.hypot(80.0, 200.0))) < 2.0


def test_profile_ranges_are_validated() -> None:
    with pytest.raises(ValueError):
        RespondentProfile(error_rate=1.5)
