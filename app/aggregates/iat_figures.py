"""IAT figures of each group: mean D with a t interval, bands, quality counts, reliability.

Only completed sessions of non-withdrawn participants are loaded; of those, a D enters the
means when the session did not skip the timed test, has a score with a value, and was not
excluded by the scoring rules (too many fast trials). The others are counted, never averaged.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from app.aggregates.groups import Group
from app.aggregates.schemas import (
    BandCountsRead,
    HistogramBinRead,
    IatGroupRead,
    MeanCIRead,
    SplitHalfRead,
)
from app.aggregates.suppression import WithheldReason
from app.sessions.score_details import DScoreDetails
from app.sessions.typed_scores import typed_arrays_scores
from iat import StudyType
from scoring.dscore import compute_d
from scoring.errors import ScoringError
from scoring.options import DScoreOptions
from scoring.reliability import SplitHalf
from scoring.summary import band, mean_d
from scoring.trials import TrialArrays

HISTOGRAM_EDGES = np.round(np.arange(-2.0, 2.0001, 0.2), 10)
BAND_FACTOR = 2  # bands are sub-groups: shown when n ≥ BAND_FACTOR × the minimum


@dataclass(frozen=True)
class IatSessions:
    """One element per completed session (same order as the session table)."""

    d: NDArray[np.float64]  # NaN unless the D enters the means
    excluded: NDArray[np.bool_]  # took the test, but no usable D
    flagged: NDArray[np.bool_]  # usable D with at least one quality flag
    skipped: NDArray[np.bool_]
    options: DScoreOptions | None  # options of the stored scores (for the split-half)
    study_type: StudyType = StudyType.IAT  # a Brief or single-category IAT scores its own D


def finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def iat_sessions(
    session_ids: Sequence[int],
    skipped: Sequence[bool],
    scores: Sequence[tuple[int, float | None, dict[str, Any], dict[str, Any]]],
) -> IatSessions:
    """Per session D and status from the stored scores (the first IAT score of each session)."""
    first: dict[int, tuple[float | None, DScoreDetails, dict[str, Any]]] = {}
    for session_id, value, details, stored_options in scores:
        if session_id not in first:
            first[session_id] = (value, DScoreDetails.stored(details), stored_options)
    rows = [first.get(s, (None, DScoreDetails(), {})) for s in session_ids]
    skip = np.asarray(skipped, dtype=bool)
    usable = np.array([_usable(v, det) for v, det, _ in rows], dtype=bool) & ~skip
    d = np.array([v if v is not None else math.nan for v, _, _ in rows], dtype=float)
    flagged = np.array([bool(det.flags.raised()) for _, det, _ in rows], dtype=bool)
    stored = next((o for _, _, o in rows if o), None)
    options = DScoreOptions.from_dict(stored) if stored else None
    kinds = {
        det.provenance.get("study_type", StudyType.IAT) for _, det, _ in rows if det.provenance
    }
    study_type = StudyType(kinds.pop()) if len(kinds) == 1 else StudyType.IAT
    return IatSessions(
        np.where(usable, d, math.nan), ~usable & ~skip, flagged & usable, skip, options, study_type
    )


def _usable(value: float | None, details: DScoreDetails) -> bool:
    return value is not None and math.isfinite(value) and not details.excluded


def included_n(sessions: IatSessions, mask: NDArray[np.bool_]) -> int:
    return int(np.count_nonzero(mask & np.isfinite(sessions.d)))


def mean_ci(values: NDArray[np.float64]) -> MeanCIRead:
    """Mean, SD and 95 % t interval of the finite ``values`` (scoring.summary.mean_d)."""
    result = mean_d(values)
    return MeanCIRead(
        n=result.n,
        mean=finite(result.mean),
        sd=finite(result.sd),
        ci_low=finite(result.ci_low),
        ci_high=finite(result.ci_high),
    )


def iat_group(
    sessions: IatSessions,
    mask: NDArray[np.bool_],
    withheld: WithheldReason | None,
    minimum: int,
) -> IatGroupRead:
    """The IAT row of one group (``withheld``: why it is not shown, None when it is)."""
    if withheld is not None:
        return IatGroupRead(suppressed=True, withheld_reason=withheld)
    values = sessions.d[mask & np.isfinite(sessions.d)]
    return IatGroupRead(
        suppressed=False,
        d=mean_ci(values),
        bands=_bands(values) if len(values) >= BAND_FACTOR * minimum else None,
        excluded=int(np.count_nonzero(sessions.excluded & mask)),
        flagged=int(np.count_nonzero(sessions.flagged & mask)),
        skipped=int(np.count_nonzero(sessions.skipped & mask)),
    )


def _bands(values: NDArray[np.float64]) -> BandCountsRead:
    names = band(values).tolist()
    return BandCountsRead(**{name: names.count(name) for name in BandCountsRead.model_fields})


def histogram(
    sessions: IatSessions, groups: Sequence[Group], team_of: NDArray[np.int64]
) -> list[HistogramBinRead]:
    """Counts of D in 0.2-wide bins over the sessions of ``groups`` (ends clipped to ±2)."""
    mask = np.zeros(team_of.shape, dtype=bool)
    for group in groups:
        mask |= group.mask(team_of)
    values = np.clip(sessions.d[mask & np.isfinite(sessions.d)], -2.0, 2.0)
    counts, _ = np.histogram(values, bins=HISTOGRAM_EDGES)
    return [
        HistogramBinRead(low=float(lo), high=float(hi), count=int(c))
        for lo, hi, c in zip(HISTOGRAM_EDGES[:-1], HISTOGRAM_EDGES[1:], counts, strict=True)
    ]


def split_half(
    sessions: IatSessions,
    session_ids: Sequence[int],
    trials: Sequence[tuple[int, str | None, str | None, float, bool, float]],
    typed_rows: Sequence[tuple[int, int]] | None = None,
) -> SplitHalfRead:
    """Odd/even split-half of D over the included sessions, Spearman–Brown corrected.

    ``typed_rows`` (block, trial number of each row of ``trials``) are needed for a Brief IAT.
    """
    included = {s for s, d in zip(session_ids, sessions.d, strict=True) if math.isfinite(d)}
    rows = [t for t in trials if t[0] in included]
    method = "odd/even within block, Spearman-Brown"
    if len(included) < 3 or not rows:
        return SplitHalfRead(method=method, n=len(included), r=None, spearman_brown=None)
    columns = list(zip(*rows, strict=True))
    try:
        if sessions.study_type is not StudyType.IAT:
            pairs = zip(trials, typed_rows or [], strict=True)
            result = _typed_split_half(
                sessions.study_type, [p for p in pairs if p[0][0] in included]
            )
        else:
            arrays = TrialArrays.from_labels(*columns)
            result = compute_d(arrays, sessions.options, n_boot=0, n_splits=0).odd_even
    except ScoringError:
        return SplitHalfRead(method=method, n=len(included), r=None, spearman_brown=None)
    return SplitHalfRead(
        method=method, n=result.n, r=finite(result.r), spearman_brown=finite(result.spearman_brown)
    )


def _typed_split_half(
    study_type: StudyType,
    kept: Sequence[tuple[tuple[int, str | None, str | None, float, bool, float], tuple[int, int]]],
) -> SplitHalf:
    """The study type's odd/even split-half over its test blocks; ``kept`` pairs each trial row
    with its (block, trial number)."""
    tests = [(row, number) for row, number in kept if row[2] == "test"]
    if not tests:
        raise ScoringError("no test trial")
    who, pairing, _, latency, error, _ = (
        np.asarray(c) for c in zip(*(r for r, _ in tests), strict=True)
    )
    blocks, numbers = (np.asarray(c) for c in zip(*(n for _, n in tests), strict=True))
    scored = typed_arrays_scores(
        study_type, who, blocks, numbers, pairing, latency, error.astype(bool)
    )
    return scored.split_half
