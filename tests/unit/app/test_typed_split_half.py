"""The dashboard's split-half of a single-category or Brief IAT campaign is the study type's
(scoring.sciat / scoring.biat), not the 7-block IAT's."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from app.aggregates.iat_figures import iat_sessions, split_half_of, typed_session_halves
from app.sessions.typed_scores import ALGORITHMS
from iat import StudyType
from scoring.biat import compute_biat_d
from scoring.sciat import compute_sciat_d
from tests.unit.scoring.test_biat import generated


def split_half(sessions, ids, trials, numbers):  # type: ignore[no-untyped-def]
    """The dashboard's split-half: each session's halves by its type, then Spearman–Brown."""
    halves = typed_session_halves(sessions.study_type, ids, trials, numbers)
    return split_half_of(halves, np.isfinite(sessions.d))


def _sessions(ids: list[int], study_type: StudyType):  # type: ignore[no-untyped-def]
    provenance = {"algorithm": ALGORITHMS[study_type], "study_type": study_type.value}
    scores = [(i, 0.3, {"provenance": provenance}, {}) for i in ids]
    return iat_sessions(ids, [False] * len(ids), scores)


def test_sciat_split_half_uses_the_sciat_scorer() -> None:
    frame = pd.read_csv("tests/unit/scoring/fixtures/sciat_trials.csv")
    frame = frame[frame.trial != "alert"]
    ids = sorted({int(p[1:]) for p in frame.participant})
    sessions = _sessions(ids, StudyType.SCIAT)
    assert sessions.study_type is StudyType.SCIAT
    trials = [
        (int(r.participant[1:]), "A" if r.block == "tgood" else "B", "test", float(r.latency),
         r.correct == 0, float(r.latency))
        for r in frame.itertuples()
    ]  # fmt: skip
    numbers = [(1, int(r.position)) for r in frame.itertuples()]
    shown = split_half(sessions, ids, trials, numbers)
    expected = compute_sciat_d(
        [t[0] for t in trials], [t[1] == "A" for t in trials], [t[3] for t in trials],
        [t[4] for t in trials],
    ).split_half  # fmt: skip
    assert shown.n == expected.n == len(ids)
    assert shown.spearman_brown == pytest.approx(expected.spearman_brown, rel=1e-12)


def test_biat_split_half_uses_block_and_trial_numbers() -> None:
    frame = generated(30, 4, 5)
    codes = {label: i for i, label in enumerate(sorted(frame.subject.unique()))}
    sessions = _sessions(list(codes.values()), StudyType.BIAT)
    trials = [
        (codes[r.subject], r.pairing, "test", float(r.latency_ms), bool(r.error), 0.0)
        for r in frame.itertuples()
    ]
    numbers = [(int(r.block), int(r.trial)) for r in frame.itertuples()]
    shown = split_half(sessions, list(codes.values()), trials, numbers)
    expected = compute_biat_d(
        frame.subject, frame.block, frame.pairing == "A", frame.trial, frame.latency_ms,
        frame.error,
    ).split_half  # fmt: skip
    assert shown.spearman_brown == pytest.approx(expected.spearman_brown, rel=1e-12)
    assert np.isfinite(expected.spearman_brown)
