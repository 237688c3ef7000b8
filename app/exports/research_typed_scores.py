"""``/scores`` of a campaign on a Brief IAT or a single-category IAT: the study type's D
(``scoring.biat``, ``scoring.sciat``) rescored from the stored test-block trials, in the same
response shape as the IAT's (``variant`` names the score, ``options`` is empty)."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import numpy as np

from app.exports.research_schemas import DScoreRow, ProvenanceRead, ScoresRead
from app.sessions.typed_scores import SCORE_NAMES, TypedScores, typed_arrays_scores
from iat import StudyType
from scoring import __version__ as scoring_version
from scoring.summary import band

NOTES = {
    StudyType.BIAT: "Brief IAT: Nosek, Bar-Anan, Sriram, Axt & Greenwald (2014), as pyiat 0.2",
    StudyType.SCIAT: "SC-IAT: Karpinski & Steinman (2006), as implicitMeasures compute_sciat",
}


def _finite(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _row(t: TypedScores, i: int, n_trials: int, team_id: int | None, band_name: str) -> DScoreRow:
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
    who, _, blocks, numbers, pairing, _, latency, error, _ = (
        np.asarray(column) for column in zip(*tests, strict=True)
    )
    t = typed_arrays_scores(study_type, who, blocks, numbers, pairing, latency, error)
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
