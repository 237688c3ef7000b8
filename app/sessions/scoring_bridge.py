"""Score one session's stored trials with ``scoring/`` and shape the stored row."""

from __future__ import annotations

import math

import numpy as np

from app.db.models import Score, Trial
from app.domain import ScoreKind
from app.sessions.score_details import DScoreDetails, DScoreFlags
from iat import ErrorMode
from scoring import __version__ as scoring_version
from scoring.dscore import DScoreResult, compute_d
from scoring.trials import TrialArrays

N_BOOT_PER_PERSON = 1000


def _critical(trials: list[Trial]) -> list[Trial]:
    return [t for t in trials if t.pairing is not None and t.stage is not None]


def trial_arrays(session_id: int, trials: list[Trial]) -> TrialArrays:
    """Critical trials of one session as scoring's struct of arrays (in presentation order)."""
    critical = _critical(trials)
    return TrialArrays(
        participant=np.zeros(len(critical), dtype=np.intp),
        labels=np.array([session_id]),
        is_a=np.array([t.pairing == "A" for t in critical], dtype=bool),
        is_test=np.array([t.stage == "test" for t in critical], dtype=bool),
        latency_ms=np.array([t.latency_ms for t in critical], dtype=float),
        error=np.array([t.error for t in critical], dtype=bool),
        first_latency_ms=np.array([t.first_latency_ms for t in critical], dtype=float),
        # stimulus kind (0 target, 1 attribute): combined blocks alternate kinds, so split
        # halves are balanced within kind (scoring.reliability)
        stratum=np.array([t.category.startswith("attribute") for t in critical], dtype=np.intp),
    )


def _finite(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _details(result: DScoreResult) -> DScoreDetails:
    flags = result.flags
    return DScoreDetails(
        d_practice=_finite(float(result.d_practice[0])),
        d_test=_finite(float(result.d_test[0])),
        excluded=bool(result.excluded[0]),
        error_rate=_finite(float(result.error_rate[0])),
        fast_rate=_finite(float(result.fast_rate[0])),
        band=str(result.band[0]),
        se=_finite(float(result.se[0])),
        flags=DScoreFlags(
            too_fast=bool(flags.too_fast[0]),
            too_many_errors=bool(flags.too_many_errors[0]),
            missing_block=bool(flags.missing_block[0]),
            too_few_trials=bool(flags.too_few_trials[0]),
        ),
        provenance=result.provenance.to_dict(),
    )


def score_session(session_id: int, seed: int, error_mode: ErrorMode, trials: list[Trial]) -> Score:
    """The default D score of one session (D1, or D4 without forced correction)."""
    result = compute_d(
        trial_arrays(session_id, trials),
        error_mode=error_mode.value,  # scoring.options reads iat's names ("flash" too)
        n_boot=N_BOOT_PER_PERSON,
        n_splits=0,
        seed=seed % (2**32),
    )
    provenance = result.provenance
    return Score(
        session_id=session_id,
        kind=ScoreKind.IAT_D,
        name=provenance.variant,
        value=_finite(float(result.d[0])),
        algorithm=f"greenwald2003-{provenance.variant}",
        options=provenance.options.to_dict(),
        package_version=scoring_version,
        trials_kept=int(result.counts.n_kept[0]),
        trials_dropped=int(result.counts.n_trials[0] - result.counts.n_kept[0]),
        details=_details(result).to_column(),
    )
