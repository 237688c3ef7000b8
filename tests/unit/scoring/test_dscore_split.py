"""Split halves with a stimulus stratum, the bootstrap against a naive one, and the public API."""

from __future__ import annotations

import math

import numpy as np
import pytest

import scoring
from scoring.cells import Prepared, prepare, split_position
from scoring.dscore import compute_d
from scoring.errors import InvalidTrialsError
from scoring.options import DScoreOptions, Latency, SlowCut, Variant, options_for_error_mode
from scoring.reliability import RandomSplitter
from scoring.trials import CELLS, TrialArrays

# every block: target, attribute, target, attribute (the platform's strict alternation)
KINDS = ["target", "attribute", "target", "attribute"]
BLOCKS = {
    "A_practice": [500, 900, 700, 1300],
    "B_practice": [800, 1000, 1200, 1600],
    "A_test": [400, 600, 800, 1000],
    "B_test": [900, 1100, 1500, 1700],
}


def alternating(stratified: bool) -> TrialArrays:
    pairing, stage, latency = [], [], []
    for cell, values in BLOCKS.items():
        pairing += [cell[0]] * 4
        stage += [cell[2:]] * 4
        latency += values
    return TrialArrays.from_labels(
        ["p1"] * 16,
        pairing,
        stage,
        latency,
        [False] * 16,
        stratum=KINDS * 4 if stratified else None,
    )


def d1(cells: dict[str, list[float]]) -> float:
    """D1 by the textbook formula (no errors, no dropped trial)."""
    parts = []
    for stage in ("practice", "test"):
        a, b = cells[f"A_{stage}"], cells[f"B_{stage}"]
        parts.append((np.mean(b) - np.mean(a)) / np.std(a + b, ddof=1))
    return float(np.mean(parts))


def halves_by_hand(first: list[int], second: list[int]) -> list[float]:
    return [d1({c: [v[i] for i in idx] for c, v in BLOCKS.items()}) for idx in (first, second)]


def test_split_position_sorts_by_stratum_then_alternates() -> None:
    group = np.zeros(5, dtype=np.intp)
    counts = np.array([5, 0, 0, 0])
    # T A T A T -> sorted T0 T2 T4 A1 A3: positions 0 3 1 4 2
    stratum = np.array([0, 1, 0, 1, 0])
    np.testing.assert_array_equal(split_position(group, counts, stratum), [0, 3, 1, 4, 2])
    np.testing.assert_array_equal(split_position(group, counts, None), [0, 1, 2, 3, 4])


def test_odd_even_halves_with_and_without_stratum_differ_as_computed_by_hand() -> None:
    # presentation parity: half 0 = trials 1 and 3 (both targets), half 1 = 2 and 4 (attributes)
    plain = compute_d(alternating(False), n_boot=0, n_splits=0).d_halves[0]
    np.testing.assert_allclose(plain, halves_by_hand([0, 2], [1, 3]), rtol=1e-12)
    # stratum codes follow sorted labels (attribute 0, target 1): sorted A2 A4 T1 T3, then
    # alternated: half 0 = A2 and T1, half 1 = A4 and T3
    stratified = compute_d(alternating(True), n_boot=0, n_splits=0).d_halves[0]
    np.testing.assert_allclose(stratified, halves_by_hand([0, 1], [2, 3]), rtol=1e-12)
    assert not np.allclose(plain, stratified)
    # the full D does not depend on the stratum
    assert compute_d(alternating(True), n_boot=0).d[0] == compute_d(alternating(False)).d[0]


def random_prepared(n_participants: int, seed: int) -> Prepared:
    rng = np.random.default_rng(seed)
    n = n_participants * 40
    trials = TrialArrays(
        participant=rng.integers(0, n_participants, n),
        labels=np.arange(n_participants),
        is_a=rng.random(n) < 0.5,
        is_test=rng.random(n) < 0.5,
        latency_ms=rng.uniform(300, 2000, n),
        error=rng.random(n) < 0.1,
        stratum=rng.integers(0, 3, n),
    )
    return prepare(trials, SlowCut.GT, Latency.TO_CORRECT)


def test_random_halves_split_every_stratum_of_every_block_evenly() -> None:
    prepared = random_prepared(30, seed=3)
    assert prepared.stratum is not None
    splitter = RandomSplitter(prepared)
    rng = np.random.default_rng(0)
    cell = prepared.group * 3 + prepared.stratum
    size = np.bincount(cell, minlength=len(prepared.counts) * 3)
    seen = []
    for _ in range(5):
        half = splitter.halves(rng)
        in_half0 = np.bincount(cell[~half], minlength=len(size))
        np.testing.assert_array_equal(in_half0, splitter.in_half0)
        assert (np.abs(2 * in_half0 - size) <= 1).all()
        block_half0 = np.bincount(prepared.group[~half], minlength=len(prepared.counts))
        assert (np.abs(2 * block_half0 - prepared.counts) <= 1).all()
        seen.append(half.copy())
    assert not all(np.array_equal(seen[0], other) for other in seen[1:])


def naive_bootstrap_se(trials: TrialArrays, participant: int, n_boot: int) -> float:
    rng = np.random.default_rng(99)
    mine = trials.participant == participant
    latency, cell = trials.latency_ms[mine], trials.cell[mine]
    values = []
    for _ in range(n_boot):
        cells = {}
        for index, name in enumerate(CELLS):
            block = latency[cell == index]
            cells[name] = list(rng.choice(block, size=len(block), replace=True))
        values.append(d1(cells))
    return float(np.std(values, ddof=1))


def test_bootstrap_se_agrees_with_a_naive_bootstrap() -> None:
    rng = np.random.default_rng(5)
    cell = np.tile(np.repeat(np.arange(4), [10, 10, 20, 20]), 3)
    code = np.repeat(np.arange(3), 60)
    trials = TrialArrays(
        participant=code,
        labels=np.array(["a", "b", "c"]),
        is_a=cell % 2 == 0,
        is_test=cell >= 2,
        latency_ms=rng.uniform(450, 1500, len(cell)) + 150 * (cell % 2) * code,
        error=np.zeros(len(cell), dtype=bool),
    )
    ours = compute_d(trials, DScoreOptions(variant=Variant.D1), n_boot=3000, n_splits=0).se
    for participant in range(3):
        naive = naive_bootstrap_se(trials, participant, 1500)
        # two independent Monte Carlo estimates of the same SE: within 10 %
        assert math.isclose(ours[participant], naive, rel_tol=0.10)


def test_flash_error_mode_scores_with_d4() -> None:
    options, note = options_for_error_mode("flash")
    assert options.variant is Variant.D4
    assert "flash" in note
    assert options_for_error_mode("none")[0] == options


def test_stratum_codes_are_validated() -> None:
    trials = alternating(True)
    with pytest.raises(InvalidTrialsError, match="stratum"):
        TrialArrays(
            participant=trials.participant,
            labels=trials.labels,
            is_a=trials.is_a,
            is_test=trials.is_test,
            latency_ms=trials.latency_ms,
            error=trials.error,
            stratum=np.full(trials.n_trials, -1),
        )
    with pytest.raises(InvalidTrialsError, match="differ in shape"):
        TrialArrays(
            participant=trials.participant,
            labels=trials.labels,
            is_a=trials.is_a,
            is_test=trials.is_test,
            latency_ms=trials.latency_ms,
            error=trials.error,
            stratum=np.zeros(3, dtype=np.intp),
        )


def test_public_api_is_importable_from_the_package() -> None:
    for name in ("compute_d", "compute_d_variants", "DScoreOptions", "Variant", "TrialArrays"):
        assert name in scoring.__all__ and hasattr(scoring, name)
    for name in ("DScoreResult", "Provenance", "cronbach_alpha", "mcdonald_omega", "icc1"):
        assert hasattr(scoring, name)
    assert scoring.compute_d is compute_d
    assert isinstance(scoring.__version__, str)
