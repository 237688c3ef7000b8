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
from app.exports.scoring_columns import critical_columns
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


def campaign_trials(db: Session, campaign_id: int) -> TrialArrays | None:
    """The critical trials of the sessions that count as scoring's struct of arrays, read
    columnar (``scoring_columns``); participants coded in pseudonym order. None if none."""
    columns = critical_columns(db, campaign_id)
    subjects = research_repo.counted_subjects(db, campaign_id)
    # A session that stopped counting between the two reads (a withdrawal) is left out.
    known = np.isin(columns["session"], np.fromiter(subjects, dtype=np.int64, count=len(subjects)))
    if not known.all():
        columns = {name: values[known] for name, values in columns.items()}
    if not columns["session"].size:
        return None
    sessions, per_trial = np.unique(columns["session"], return_inverse=True)
    pseudonyms = np.asarray([subjects[int(s)] for s in sessions], dtype=str)
    order = np.argsort(pseudonyms, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    return TrialArrays(
        participant=rank[per_trial].astype(np.intp),
        labels=pseudonyms[order],
        is_a=columns["is_a"],
        is_test=columns["is_test"],
        latency_ms=columns["latency_ms"],
        error=columns["error"],
        first_latency_ms=columns["first_latency_ms"],
    )


def _rows(result: DScoreResult, teams: dict[str, int | None]) -> list[DScoreRow]:
    """One row per participant, from columns turned into Python lists once (a flag text per
    participant is computed for all of them at once, never per row)."""
    counts, flags = result.counts, result.flags.labels()
    floats = [
        [None if math.isnan(v) else v for v in np.asarray(a, dtype=float).tolist()]
        for a in (result.d, result.d_practice, result.d_test, result.error_rate,
                  result.fast_rate, result.se)
    ]  # fmt: skip
    ints = [np.asarray(a).tolist() for a in (counts.n_trials, counts.n_kept)]
    excluded, bands = np.asarray(result.excluded, dtype=bool).tolist(), result.band.tolist()
    rows = []
    for i, subject in enumerate(str(label) for label in result.participant):
        d, d_practice, d_test, error_rate, fast_rate, se = (column[i] for column in floats)
        rows.append(DScoreRow(
            subject=subject, team_id=teams.get(subject), d=d, d_practice=d_practice,
            d_test=d_test, excluded=excluded[i], error_rate=error_rate, fast_rate=fast_rate,
            n_trials=int(ints[0][i]), n_kept=int(ints[1][i]), se=se, band=str(bands[i]),
            flags=flags[i].split(";") if flags[i] else [],
        ))  # fmt: skip
    return sorted(rows, key=lambda r: r.subject)


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
    trials = campaign_trials(db, campaign_id)
    if trials is None:
        raise Conflict(f"campaign {campaign_id} has no finished timed test to score yet")
    teams = campaign_teams(db, campaign)
    try:
        result = compute_d(trials, options, n_boot=n_boot, n_splits=0, seed=seed)
    except ScoringError as exc:
        raise InvalidInput(str(exc)) from exc
    items = _rows(result, teams)
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
