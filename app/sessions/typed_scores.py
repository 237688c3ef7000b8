"""The stored score of a Brief IAT or a single-category IAT session (``scoring.biat``,
``scoring.sciat``): same row as the IAT's D (kind ``iat_d``), named after the study type."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from app.db.models import Score, Trial
from app.domain import ScoreKind
from app.sessions.score_details import DScoreDetails, DScoreFlags
from iat import StudyType
from scoring import __version__ as scoring_version
from scoring.biat import compute_biat_d
from scoring.reliability import SplitHalf
from scoring.sciat import compute_sciat_d
from scoring.summary import band

SCORE_NAMES = {StudyType.BIAT: "BIAT-D", StudyType.SCIAT: "SCIAT-D"}
ALGORITHMS = {StudyType.BIAT: "nosek2014-biat", StudyType.SCIAT: "karpinski2006-sciat"}


def _finite(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _tests(trials: list[Trial]) -> list[Trial]:
    return [t for t in trials if t.pairing is not None and t.stage == "test"]


def score_typed_session(session_id: int, study_type: StudyType, trials: list[Trial]) -> Score:
    """The D of one Brief IAT or SC-IAT session over its test blocks, as a ``Score`` row."""
    tests = _tests(trials)
    scored = typed_arrays_scores(
        study_type,
        np.zeros(len(tests), dtype=np.intp),
        np.array([t.block_index for t in tests]),
        np.array([t.trial_index for t in tests]),
        np.array([t.pairing for t in tests]),
        np.array([t.latency_ms for t in tests], dtype=float),
        np.array([t.error for t in tests], dtype=bool),
    )
    d, kept = float(scored.d[0]), int(scored.kept[0])
    details = DScoreDetails(
        d_test=_finite(d),
        error_rate=_finite(float(scored.error_rate[0])),
        fast_rate=_finite(float(scored.fast_rate[0])),
        band=str(band(scored.d)[0]) or None,
        flags=DScoreFlags(**{scored.flag: bool(scored.flagged[0])}),
        provenance=_provenance(study_type),
    )
    return Score(
        session_id=session_id,
        kind=ScoreKind.IAT_D,
        name=SCORE_NAMES[study_type],
        value=_finite(d),
        algorithm=ALGORITHMS[study_type],
        options={},
        package_version=scoring_version,
        trials_kept=kept,
        trials_dropped=len(tests) - kept,
        details=details.to_column(),
    )


def _provenance(study_type: StudyType) -> dict[str, str]:
    return {
        "algorithm": ALGORITHMS[study_type],
        "study_type": study_type.value,
        "package_version": scoring_version,
    }


@dataclass(frozen=True)
class TypedScores:
    """A Brief or single-category IAT's D of many people, with what the rows report."""

    labels: NDArray[Any]
    d: NDArray[np.float64]
    kept: NDArray[np.int64]
    error_rate: NDArray[np.float64]
    fast_rate: NDArray[np.float64]
    flagged: NDArray[np.bool_]
    flag: str
    split_half: SplitHalf
    halves: NDArray[np.float64]  # each person's odd and even half D


def typed_arrays_scores(
    study_type: StudyType,
    who: NDArray[Any],
    blocks: NDArray[Any],
    numbers: NDArray[Any],
    pairing: NDArray[Any],
    latency: NDArray[Any],
    error: NDArray[Any],
) -> TypedScores:
    """Score test-block trials (one element per trial) with the study type's D."""
    who, is_a, latency = who.astype(str), pairing == "A", latency.astype(float)
    if study_type is StudyType.BIAT:
        b = compute_biat_d(who, blocks, is_a, numbers, latency, error)
        return TypedScores(
            b.participant, b.d, b.n_scored, b.error_rate, b.fast_rate, b.flag_fast,
            "too_fast", b.split_half, b.halves,
        )  # fmt: skip
    s = compute_sciat_d(who, is_a, latency, error)
    errors = 1 - (s.accuracy_a + s.accuracy_b) / 2
    return TypedScores(
        s.participant, s.d, s.n_trials - s.n_fast, errors, np.full(len(s.d), np.nan),
        s.flag_low_accuracy, "too_many_errors", s.split_half, s.halves,
    )  # fmt: skip
