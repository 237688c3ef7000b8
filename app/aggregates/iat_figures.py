"""IAT figures of each group: mean D with a t interval, bands, quality counts, reliability.

Only completed sessions of non-withdrawn participants are loaded; of those, a D enters the
means when the session did not skip the timed test, has a score with a value, and was not
excluded by the scoring rules (too many fast trials). The others are counted, never averaged.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
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
from scoring.reliability import split_half as reliability_split_half
from scoring.summary import band, mean_d
from scoring.trials import TrialArrays

HALVES_CHUNK = 1000  # included sessions whose trials are read and scored at a time
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


SPLIT_HALF_METHOD = "odd/even within block, Spearman-Brown"


Halves = dict[int, tuple[float | None, float | None]]  # session → (odd, even); None: excluded
TrialRows = Sequence[tuple[int, str | None, str | None, float, bool, float]]


def session_halves(
    sessions: IatSessions,
    session_ids: Sequence[int],
    trials: Callable[[list[int]], TrialRows],
    known: Halves,
    chunk: int = HALVES_CHUNK,
) -> tuple[NDArray[np.float64], Halves]:
    """Each included session's odd/even half D (rows in ``session_ids`` order; NaN where not
    computable), and those computed now. Halves are per person, so any audience's split-half
    is a correlation of rows: a session's are computed once (``known``: computed before), from
    ``trials(ids)``, the critical trials of those sessions, read ``chunk`` sessions at a time."""
    included = [int(s) for s, d in zip(session_ids, sessions.d, strict=True) if math.isfinite(d)]
    missing = [s for s in included if s not in known]
    new: Halves = {}
    for start in range(0, len(missing), chunk):
        part = missing[start : start + chunk]
        wanted = set(part)
        scored = dict(_halves_of([t for t in trials(part) if t[0] in wanted], sessions.options))
        for s in part:
            both = scored.get(s)
            new[s] = (None, None) if both is None else (_stored(both[0]), _stored(both[1]))
    found = {**known, **new}
    halves = np.full((len(session_ids), 2), np.nan)
    for i, s in enumerate(session_ids):
        pair = found.get(int(s)) if math.isfinite(sessions.d[i]) else None
        if pair is not None and pair[0] is not None and pair[1] is not None:
            halves[i] = pair
    return halves, new


def _stored(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _halves_of(
    rows: Sequence[tuple[int, str | None, str | None, float, bool, float]],
    options: DScoreOptions | None,
) -> list[tuple[int, NDArray[np.float64]]]:
    """(session id, half Ds) of the sessions of ``rows`` that the scoring does not exclude."""
    if not rows:
        return []
    try:
        arrays = TrialArrays.from_labels(*zip(*rows, strict=True))
        result = compute_d(arrays, options, n_boot=0, n_splits=0)
    except ScoringError:
        return []
    return [
        (int(label), pair)
        for label, pair, excluded in zip(
            result.participant, result.d_halves, result.excluded, strict=True
        )
        if not excluded
    ]


def split_half_of(halves: NDArray[np.float64], include: NDArray[np.bool_]) -> SplitHalfRead:
    """Odd/even split-half of D over the sessions ``include`` marks, Spearman–Brown corrected."""
    n = int(np.count_nonzero(include))
    if n < 3 or not np.isfinite(halves[include]).any():
        return SplitHalfRead(method=SPLIT_HALF_METHOD, n=n, r=None, spearman_brown=None)
    result = reliability_split_half(halves, include)
    return SplitHalfRead(
        method=SPLIT_HALF_METHOD,
        n=result.n,
        r=finite(result.r),
        spearman_brown=finite(result.spearman_brown),
    )


def typed_session_halves(
    study_type: StudyType,
    session_ids: Sequence[int],
    trials: TrialRows,
    numbers: Sequence[tuple[int, int]],
) -> NDArray[np.float64]:
    """Each session's odd/even half D of a Brief or single-category IAT, rows in
    ``session_ids`` order (NaN where not computable): the study type's scoring over its test
    blocks; ``numbers`` gives each row of ``trials`` its (block, trial number). Recomputed at
    each refresh (the stored halves are the 7-block IAT's)."""
    halves = np.full((len(session_ids), 2), np.nan)
    tests = [(row, n) for row, n in zip(trials, numbers, strict=True) if row[2] == "test"]
    if not tests:
        return halves
    who, pairing, _, latency, error, _ = (
        np.asarray(c) for c in zip(*(r for r, _ in tests), strict=True)
    )
    blocks, trial_numbers = (np.asarray(c) for c in zip(*(n for _, n in tests), strict=True))
    try:
        scored = typed_arrays_scores(
            study_type, who, blocks, trial_numbers, pairing, latency, error.astype(bool)
        )
    except ScoringError:
        return halves
    row_of = {str(s): i for i, s in enumerate(session_ids)}
    for label, pair in zip(scored.labels, scored.halves, strict=True):
        if str(label) in row_of:
            halves[row_of[str(label)]] = pair
    return halves
