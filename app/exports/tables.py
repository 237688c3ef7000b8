"""The rows of the individual and team exports."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy.orm import Session

from app.aggregates import repository as aggregates_repo
from app.aggregates.questionnaire_figures import DEFAULT_CODES
from app.aggregates.schemas import GroupRead, MeanCIRead, SubscaleGroupRead
from app.exports import repository as repo
from app.exports.codebook import (
    D_COLUMNS,
    IDENTITY_COLUMNS,
    PERSON_COLUMNS,
    subscale_column,
    team_columns,
)
from app.exports.pseudonymous import Tree, team_labels
from app.exports.schemas import ExportColumn
from app.exports.writers import Cell, ExportTable
from app.sessions.score_details import DScoreDetails


def individual_table(
    db: Session,
    campaign_id: int,
    named: bool,
    codes: tuple[str, ...] = DEFAULT_CODES,
    coarse_teams: tuple[Tree, int] | None = None,
) -> ExportTable:
    """One row per completed, non-withdrawn participant; identity only when ``named``.

    ``coarse_teams`` (the organisation's team tree and the IAT minimum): the team column of a
    pseudonymous export, coarsened by ``exports_pseudonymous.team_labels``.
    """
    people = repo.completed_people(db, campaign_id, named)
    if coarse_teams is not None:
        labels = team_labels([row[2] for row in people], *coarse_teams)
        people = [
            (*row[:2], label or "", *row[3:]) for row, label in zip(people, labels, strict=True)
        ]
    d_scores: dict[int, repo.DScoreRow] = {}
    for score in repo.completed_d_scores(db, campaign_id):
        d_scores.setdefault(score[0], score)  # the first IAT score of each session
    subscales = {(s, name): v for s, name, v in aggregates_repo.subscale_scores(db, campaign_id)}
    rows = [
        [
            *((name, email) if named else ()),
            pseudonym,
            team,
            language,
            modality,
            skipped,
            *_d_cells(d_scores.get(session_id)),
            *(subscales.get((session_id, code)) for code in codes),
        ]
        for session_id, pseudonym, team, language, modality, skipped, name, email in people
    ]
    return ExportTable(individual_columns(named, codes), rows)


def individual_columns(named: bool, codes: tuple[str, ...]) -> tuple[ExportColumn, ...]:
    return (
        (IDENTITY_COLUMNS if named else ())
        + PERSON_COLUMNS
        + D_COLUMNS
        + tuple(subscale_column(c) for c in codes)
    )


def _d_cells(score: repo.DScoreRow | None) -> list[Cell]:
    if score is None:
        return [None] * len(D_COLUMNS)
    _, name, value, algorithm, options, version, kept, dropped, stored = score
    details = DScoreDetails.stored(stored)
    return [
        value,
        details.band or None,
        details.se,
        details.excluded,
        details.error_rate,
        details.fast_rate,
        ";".join(details.flags.raised()),
        kept,
        dropped,
        name,
        algorithm,
        json.dumps(options, sort_keys=True),
        version,
    ]


def team_table(groups: Sequence[GroupRead], codes: Sequence[str]) -> ExportTable:
    """One row per visible group, figures as the dashboard shows them (suppressed = empty)."""
    return ExportTable(team_columns(tuple(codes)), [_team_row(g, codes) for g in groups])


def _team_row(group: GroupRead, codes: Sequence[str]) -> list[Cell]:
    iat, quest = group.iat, group.questionnaire
    d = iat.d or MeanCIRead(n=0, mean=None, sd=None, ci_low=None, ci_high=None)
    row: list[Cell] = [
        group.name,
        group.parent_id,
        group.team_id,
        group.completion.invited,
        group.completion.completed,
        iat.suppressed,
        iat.withheld_reason,
        None if iat.suppressed else d.n,
        d.mean,
        d.sd,
        d.ci_low,
        d.ci_high,
        iat.excluded,
        iat.flagged,
        quest.suppressed,
        quest.withheld_reason,
        quest.respondents,
    ]
    cells = {cell.code: cell for cell in quest.subscales}
    for code in codes:
        row += _subscale_cells(cells.get(code), quest.withheld_reason)
    return row


def _subscale_cells(cell: SubscaleGroupRead | None, row_reason: str | None) -> list[Cell]:
    """A subscale's five figures and why they are withheld (its row's reason when the whole
    questionnaire row is)."""
    if cell is None or cell.score is None:
        reason: Cell = cell.withheld_reason if cell is not None else row_reason
        return [None, None, None, None, None, reason]
    score = cell.score
    return [score.n, score.mean, score.ci_low, score.ci_high, cell.rwg_j, None]
