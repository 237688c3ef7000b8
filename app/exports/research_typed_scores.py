"""``/scores`` of a campaign on a Brief IAT or a single-category IAT: the study type's D
(``scoring.biat``, ``scoring.sciat``) rescored from the stored test-block trials, in the same
response shape as the IAT's (``variant`` names the score, ``options`` is empty)."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from app.exports.research_schemas import DScoreRow, ProvenanceRead, ScoresRead
from app.sessions.typed_scores import SCORE_NAMES
from iat import StudyType
from scoring import __version__ as scoring_version
from scoring.biat import compute_biat_d
from scoring.reliability import SplitHalf
from scoring.sciat import compute_sciat_d
from scoring.summary import band

NOTES = {
    StudyType.BIAT: "Brief IAT: Nosek, Bar-Anan, Sriram, Axt & Greenwald (2014), as pyiat 0.2",
    StudyType.SCIAT: "SC-IAT: Karpinski & Steinman (2006), as implicitMeasures compute_sciat",
}


def _finite(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


@dataclass(frozen=True)
class _Typed:
    labels: NDArray[Any]
    d: NDArray[np.float64]
    kept: NDArray[np.int64]
    error_rate: NDArray[np.float64]
    fast_rate: NDArray[np.float64]
    flagged: NDArray[np.bool_]
    flag: str
    split_half: SplitHalf


def _score(study_type: StudyType, tests: list[tuple[Any, ...]]) -> _Typed:
    who, _, blocks, numbers, pairing, _, latency, error, _ = (
        np.asarray(column) for column in zip(*tests, strict=True)
    )
    who, is_a, latency = who.astype(str), pairing == "A", latency.astype(float)
    if study_type is StudyType.BIAT:
        b = compute_biat_d(who, blocks, is_a, numbers, latency, error)
        return _Typed(
            b.participant, b.d, b.n_scored, b.error_rate, b.fast_rate, b.flag_fast,
            "too_fast", b.split_half,
        )  # fmt: skip
    s = compute_sciat_d(who, is_a, latency, error)
    errors = 1 - (s.accuracy_a + s.accuracy_b) / 2
    return _Typed(
        s.participant, s.d, s.n_trials - s.n_fast, errors, np.full(len(s.d), np.nan),
        s.flag_low_accuracy, "too_many_errors", s.split_half,
    )  # fmt: skip


def _row(t: _Typed, i: int, n_trials: int, team_id: int | None, band_name: str) -> DScoreRow:
    return DScoreRow(
        subject=str(t.labels[i]), team_id=team_id, d=_finite(t.d[i]), d_practice=None,
        d_test=_finite(t.d[i]), excluded=False, error_rate=_finite(t.error_rate[i]),
        fast_rate=_finite(t.fast_rate[i]), n_trials=n_trials, n_kept=int(t.kept[i]), se=None,
        band=band_name, flags=[t.flag] if t.flagged[i] else [],
    )  # fmt: skip


def typed_scores(
    campaign_id: int,
    study_type: StudyType,
    rows: list[tuple[Any, ...]],
    teams: dict[str, int | None],
) -> ScoresRead:
    """Rows of ``research_repo.typed_scoring_rows`` scored by type over their test blocks."""
    tests = [row for row in rows if row[5] == "test"]
    t = _score(study_type, tests)
    counts = Counter(str(row[0]) for row in tests)
    bands = band(t.d)
    items = [
        _row(t, i, counts[str(label)], teams.get(str(label)), str(bands[i]))
        for i, label in enumerate(t.labels)
    ]
    provenance = ProvenanceRead(
        variant=SCORE_NAMES[study_type], options={}, package_version=scoring_version,
        note=NOTES[study_type], n_participants=len(t.labels), n_scored=int(np.isfinite(t.d).sum()),
        n_excluded=0, n_trials=len(tests), n_slow=0, n_fast=0, n_kept=int(t.kept.sum()),
        n_boot=0, n_splits=0, seed=0,
    )  # fmt: skip
    return ScoresRead(
        campaign_id=campaign_id, items=sorted(items, key=lambda r: r.subject),
        split_half_spearman_brown=_finite(t.split_half.spearman_brown), provenance=provenance,
    )  # fmt: skip
