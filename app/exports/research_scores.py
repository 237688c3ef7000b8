"""D scores of a campaign rescored on the fly from the stored trials, with any DScoreOptions.

One ``compute_d`` call over every session of the campaign that finished the timed test
(vectorised across participants); the response carries the provenance to reproduce it.
"""

from __future__ import annotations

import math
from dataclasses import fields, replace

import numpy as np
from sqlalchemy.orm import Session

from app.campaigns.catalogue import audit_rows, rows_campaign
from app.db.models import Campaign
from app.errors import Conflict, InvalidInput
from app.exports import research_repository as research_repo
from app.exports.published import campaign_teams
from app.exports.research_schemas import DScoreRow, ProvenanceRead, ScoreOptionsQuery, ScoresRead
from app.exports.research_typed_scores import typed_scores
from app.sessions.access import study_definition
from app.tokens.access import ResearchCaller
from iat import StudyDefinition, StudyType
from scoring.dscore import DScoreResult, compute_d
from scoring.errors import ScoringError
from scoring.options import DScoreOptions, options_for_error_mode
from scoring.trials import TrialArrays


def _finite(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def campaign_options(error_mode: str, query: ScoreOptionsQuery) -> tuple[DScoreOptions, str]:
    """The defaults of the study's error mode with the fields the caller named replaced."""
    options, note = options_for_error_mode(error_mode)  # scoring reads iat's names ("flash")
    given = {f.name: getattr(query, f.name) for f in fields(options)}
    given = {k: v for k, v in given.items() if v is not None}
    if given:
        note = f"{note}; set by the request: {', '.join(sorted(given))}"
    return replace(options, **given), note


def _study(db: Session, campaign: Campaign) -> StudyDefinition:
    study = research_repo.get_study(db, campaign.study_id) if campaign.study_id else None
    if study is None:
        raise Conflict(f"campaign {campaign.id} has no timed test")
    return study_definition(study)


def campaign_trials(rows: list[tuple[str, int, str, str, float, bool, float]]) -> TrialArrays:
    """Rows from :func:`research_repo.scoring_rows` as scoring's struct of arrays."""
    columns = list(zip(*rows, strict=True)) if rows else [()] * 7
    labels, codes = np.unique(np.asarray(columns[0], dtype=str), return_inverse=True)
    return TrialArrays(
        participant=codes.astype(np.intp),
        labels=labels,
        is_a=np.asarray(columns[2], dtype=str) == "A",
        is_test=np.asarray(columns[3], dtype=str) == "test",
        latency_ms=np.asarray(columns[4], dtype=float),
        error=np.asarray(columns[5], dtype=bool),
        first_latency_ms=np.asarray(columns[6], dtype=float),
    )


def _row(result: DScoreResult, i: int, subject: str, team_id: int | None) -> DScoreRow:
    counts, flags = result.counts, result.flags.labels()[i]
    return DScoreRow(
        subject=subject, team_id=team_id, d=_finite(result.d[i]),
        d_practice=_finite(result.d_practice[i]), d_test=_finite(result.d_test[i]),
        excluded=bool(result.excluded[i]), error_rate=_finite(result.error_rate[i]),
        fast_rate=_finite(result.fast_rate[i]), n_trials=int(counts.n_trials[i]),
        n_kept=int(counts.n_kept[i]), se=_finite(result.se[i]), band=str(result.band[i]),
        flags=flags.split(";") if flags else [],
    )  # fmt: skip


def _provenance(result: DScoreResult, note: str) -> ProvenanceRead:
    data = result.provenance.to_dict()
    return ProvenanceRead.model_validate({**data, "note": note})


def rescore(
    db: Session, caller: ResearchCaller, campaign_id: int, query: ScoreOptionsQuery,
    n_boot: int, seed: int,
) -> ScoresRead:  # fmt: skip
    """D for every session of the campaign that finished the timed test."""
    campaign = rows_campaign(db, caller, campaign_id)
    study = _study(db, campaign)
    if study.type is not StudyType.IAT:
        return _typed(db, caller, campaign, study.type)
    options, note = campaign_options(str(study.error_mode), query)
    rows = research_repo.scoring_rows(db, campaign_id)
    if not rows:
        raise Conflict(f"campaign {campaign_id} has no finished timed test to score yet")
    teams = campaign_teams(db, campaign)
    try:
        result = compute_d(campaign_trials(rows), options, n_boot=n_boot, n_splits=0, seed=seed)
    except ScoringError as exc:
        raise InvalidInput(str(exc)) from exc
    subjects = [str(label) for label in result.participant]
    items = sorted(
        (_row(result, i, s, teams.get(s)) for i, s in enumerate(subjects)), key=lambda r: r.subject
    )
    audit_rows(db, caller, "research.scores.read", campaign_id, len(items))
    db.commit()
    return ScoresRead(
        campaign_id=campaign_id, items=items, provenance=_provenance(result, note),
        split_half_spearman_brown=_finite(result.odd_even.spearman_brown),
    )  # fmt: skip


def _typed(
    db: Session, caller: ResearchCaller, campaign: Campaign, study_type: StudyType
) -> ScoresRead:
    """A Brief or single-category IAT: its own D (the IAT's options do not apply)."""
    rows = research_repo.typed_scoring_rows(db, campaign.id)
    if not any(row[5] == "test" for row in rows):
        raise Conflict(f"campaign {campaign.id} has no finished timed test to score yet")
    teams = campaign_teams(db, campaign)
    try:
        result = typed_scores(campaign.id, study_type, rows, teams)
    except ScoringError as exc:
        raise InvalidInput(str(exc)) from exc
    audit_rows(db, caller, "research.scores.read", campaign.id, len(result.items))
    db.commit()
    return result
