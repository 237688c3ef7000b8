"""The stored score of a Brief IAT or a single-category IAT session (``scoring.biat``,
``scoring.sciat``): same row as the IAT's D (kind ``iat_d``), named after the study type."""

from __future__ import annotations

import math

import numpy as np

from app.db.models import Score, Trial
from app.domain import ScoreKind
from app.sessions.score_details import DScoreDetails, DScoreFlags
from iat import StudyType
from scoring import __version__ as scoring_version
from scoring.biat import compute_biat_d
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
    is_a = np.array([t.pairing == "A" for t in tests], dtype=bool)
    latency = np.array([t.latency_ms for t in tests], dtype=float)
    error = np.array([t.error for t in tests], dtype=bool)
    who = np.zeros(len(tests), dtype=np.intp)
    if study_type is StudyType.BIAT:
        blocks = np.array([t.block_index for t in tests])
        numbers = np.array([t.trial_index for t in tests])
        brief = compute_biat_d(who, blocks, is_a, numbers, latency, error)
        d, kept = float(brief.d[0]), int(brief.n_scored[0])
        details = _details(d, brief.error_rate[0], brief.fast_rate[0], bool(brief.flag_fast[0]))
    else:
        single = compute_sciat_d(who, is_a, latency, error)
        d, kept = float(single.d[0]), int(single.n_trials[0] - single.n_fast[0])
        error_rate = float(np.mean(error)) if len(error) else math.nan
        details = _details(d, error_rate, math.nan, bool(single.flag_low_accuracy[0]))
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
        details=details.model_copy(
            update={
                "provenance": {
                    "algorithm": ALGORITHMS[study_type],
                    "study_type": study_type.value,
                    "package_version": scoring_version,
                }
            }
        ).to_column(),
    )


def _provenance(study_type: StudyType) -> dict[str, str]:
    return {
        "algorithm": ALGORITHMS[study_type],
        "study_type": study_type.value,
        "package_version": scoring_version,
    }


def _details(d: float, error_rate: float, fast_rate: float, flagged: bool) -> DScoreDetails:
    """Flag: > 10 % fast trials (Brief IAT) or < 75 % accuracy (SC-IAT), both as ``too_fast`` /
    ``too_many_errors``; the score is kept, as the reference packages keep it."""
    fast = flagged and not math.isnan(fast_rate)
    return DScoreDetails(
        d_test=_finite(d),
        error_rate=_finite(error_rate),
        fast_rate=_finite(fast_rate),
        band=str(band(np.array([d]))[0]) or None,
        flags=DScoreFlags(too_fast=fast, too_many_errors=flagged and not fast),
    )
