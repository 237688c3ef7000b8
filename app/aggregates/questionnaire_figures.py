"""Questionnaire figures of each group: subscale means with a t interval, and how far to trust
them — rwg(j) agreement inside the team, the reliability of the team mean from ICC(1), and
at sample level Cronbach's α and ICC(1)/ICC(2) (all from ``scoring.psychometrics``).

A respondent is a completed session with at least one subscale score. Which rows and cells are
withheld is decided in ``aggregates_withheld`` (each cell counted on its own scores).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from app.aggregates.iat_figures import finite, mean_ci
from app.aggregates.schemas import (
    QuestionnaireGroupRead,
    SubscaleGroupRead,
    SubscaleReliabilityRead,
)
from app.aggregates.suppression import WithheldReason
from iat.questionnaire import Questionnaire
from scoring.psychometrics import (
    cronbach_alpha,
    group_mean_reliability,
    icc1,
    icc2,
    rwg_j,
)

DEFAULT_CODES = ("LEAD", "CONN", "AUTO")
AGREEMENT_THRESHOLD = 0.70  # rwg(j) from which a team is said to share a view (LeBreton & Senter)
MEAN_RELIABILITY_THRESHOLD = 0.70  # reliability of a team mean from which teams can be compared


@dataclass(frozen=True)
class QuestionnaireSessions:
    """Subscale scores and recoded item answers, one row per completed session."""

    codes: tuple[str, ...]
    scores: NDArray[np.float64]  # sessions × codes, NaN = no score
    items: NDArray[np.float64]  # sessions × items, reverse-keyed items recoded, NaN = missing
    item_subscale: tuple[str, ...]
    scale_points: int


def questionnaire_sessions(
    session_ids: Sequence[int],
    scores: Sequence[tuple[int, str, float | None]],
    answers: Sequence[tuple[int, str, int | None]],
    bank: Questionnaire | None,
) -> QuestionnaireSessions:
    codes = tuple(s.code for s in bank.subscales) if bank else DEFAULT_CODES
    row = {s: i for i, s in enumerate(session_ids)}
    matrix = np.full((len(session_ids), len(codes)), np.nan)
    column = {c: j for j, c in enumerate(codes)}
    for session_id, name, value in scores:
        if value is not None and name in column and session_id in row:
            matrix[row[session_id], column[name]] = value
    items, item_subscale, points = _items(row, answers, bank)
    return QuestionnaireSessions(codes, matrix, items, item_subscale, points)


def _items(
    row: dict[int, int], answers: Sequence[tuple[int, str, int | None]], bank: Questionnaire | None
) -> tuple[NDArray[np.float64], tuple[str, ...], int]:
    if bank is None:
        return np.full((len(row), 0), np.nan), (), 5
    ids, points = bank.item_ids, bank.scale.points
    column = {item_id: j for j, item_id in enumerate(ids)}
    items = np.full((len(row), len(ids)), np.nan)
    for session_id, item_id, value in answers:
        if value is not None and item_id in column and session_id in row:
            items[row[session_id], column[item_id]] = value
    reverse = np.asarray(bank.reverse_keyed, dtype=bool)
    return np.where(reverse, (1 + points) - items, items), bank.subscale_of_item, points


def respondents(sessions: QuestionnaireSessions) -> NDArray[np.bool_]:
    return np.asarray(np.isfinite(sessions.scores).any(axis=1), dtype=bool)


def _subscale_items(sessions: QuestionnaireSessions, code: str) -> NDArray[np.float64]:
    columns = [j for j, c in enumerate(sessions.item_subscale) if c == code]
    return sessions.items[:, columns]


def questionnaire_group(
    sessions: QuestionnaireSessions,
    mask: NDArray[np.bool_],
    withheld: WithheldReason | None,
    hidden_codes: Mapping[str, WithheldReason],
    icc1_by_code: dict[str, float],
) -> QuestionnaireGroupRead:
    """The row of one group (``withheld``: why it is not shown); ``hidden_codes``: its
    withheld subscale cells and why."""
    if withheld is not None:
        return QuestionnaireGroupRead(suppressed=True, withheld_reason=withheld)
    cells = [
        SubscaleGroupRead(code=code, suppressed=True, withheld_reason=hidden_codes[code])
        if code in hidden_codes
        else _subscale_cell(sessions, mask, j, code, icc1_by_code.get(code, math.nan))
        for j, code in enumerate(sessions.codes)
    ]
    n = int(np.count_nonzero(respondents(sessions) & mask))
    return QuestionnaireGroupRead(suppressed=False, respondents=n, subscales=cells)


def _subscale_cell(
    sessions: QuestionnaireSessions,
    mask: NDArray[np.bool_],
    j: int,
    code: str,
    team_icc1: float,
) -> SubscaleGroupRead:
    values = sessions.scores[mask, j]
    values = values[np.isfinite(values)]
    items = _subscale_items(sessions, code)[mask]
    agreement = rwg_j(items, sessions.scale_points) if items.shape[1] else math.nan
    reliability = float(group_mean_reliability(team_icc1, [len(values)])[0])
    return SubscaleGroupRead(
        code=code,
        suppressed=False,
        score=mean_ci(values),
        rwg_j=finite(agreement),
        mean_reliability=finite(reliability),
    )


def subset(sessions: QuestionnaireSessions, mask: NDArray[np.bool_]) -> QuestionnaireSessions:
    """The same sessions with only the rows of ``mask``."""
    return replace(sessions, scores=sessions.scores[mask], items=sessions.items[mask])


def sample_reliability(
    sessions: QuestionnaireSessions, team_of: NDArray[np.int64]
) -> list[SubscaleReliabilityRead]:
    """α (Feldt CI) of each subscale's items and ICC(1)/ICC(2) of its scores across teams."""
    return [_reliability(sessions, team_of, j, code) for j, code in enumerate(sessions.codes)]


def _reliability(
    sessions: QuestionnaireSessions, team_of: NDArray[np.int64], j: int, code: str
) -> SubscaleReliabilityRead:
    items = _subscale_items(sessions, code)
    alpha = cronbach_alpha(items) if items.shape[1] >= 2 else None
    scores = sessions.scores[:, j]
    return SubscaleReliabilityRead(
        code=code,
        alpha=finite(alpha.alpha) if alpha else None,
        alpha_ci_low=finite(alpha.ci[0]) if alpha else None,
        alpha_ci_high=finite(alpha.ci[1]) if alpha else None,
        n=alpha.n_used if alpha else 0,
        icc1=finite(icc1(scores, team_of)),
        icc2=finite(icc2(scores, team_of)),
    )
