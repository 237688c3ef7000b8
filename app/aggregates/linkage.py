"""The linkage analysis of a campaign (read-only use case): published team figures × customer
outcomes, per outcome metric and period (statistics in :mod:`scoring.linkage`).

Only what the dashboard publishes enters: each visible team row's mean D and component means
(with their SD and n), suppressed figures left out, so the analysis can never reveal more than the
dashboard. A team whose sub-team carries the same outcome is left out (its people would count
twice). A manager's analysis covers their teams only (usually too few: the warning says so).
The bootstrap is seeded with the campaign id, so the same data always give the same intervals.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date

import numpy as np
from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.aggregates.campaign import CampaignAggregates, campaign_aggregates
from app.aggregates.dashboard import load_campaign
from app.aggregates.groups import Group
from app.aggregates.linkage_read import READING, outcome_read
from app.aggregates.linkage_schemas import LinkageRead, OutcomeLinkageRead
from app.aggregates.outcome_rows import OutcomeRow, team_outcome_rows
from app.aggregates.schemas import GroupRead, MeanCIRead
from app.i18n import localized
from scoring.linkage import Direction, TeamPredictor, link_outcome

N_BOOT = 2000
IAT_PREDICTOR = "D"
_PERIOD = re.compile(r"^(\d{4})(?:-(?:(\d{2})|Q([1-4])|H([12])))?$")


def campaign_linkage(db: Session, scope: HRScope, campaign_id: int) -> LinkageRead:
    """Every outcome of the campaign linked with the team figures the caller may see."""
    campaign = load_campaign(db, scope, campaign_id)
    return build_linkage(
        campaign_aggregates(db, campaign, scope.team_ids), team_outcome_rows(db, campaign.id)
    )


def build_linkage(aggregates: CampaignAggregates, rows: Sequence[OutcomeRow]) -> LinkageRead:
    """The linkage read from already-suppressed aggregates and the campaign's outcome rows."""
    campaign = aggregates.campaign
    teams = [
        (aggregates.groups[i], aggregates.rows[i])
        for i in aggregates.visible
        if aggregates.groups[i].team_id is not None
    ]
    keys = sorted(
        {(r.metric, r.period, r.direction) for r in rows if r.direction in tuple(Direction)}
    )
    end = campaign.closes_at.date() if campaign.closes_at else None
    return LinkageRead(
        campaign_id=campaign.id,
        measured_from=campaign.opens_at.date() if campaign.opens_at else None,
        measured_to=end,
        reading=[localized(text) for text in READING],
        outcomes=[
            _outcome(
                aggregates,
                teams,
                [r for r in rows if (r.metric, r.period, r.direction) == key],
                end,
            )
            for key in keys
        ],
    )


def period_start(period: str) -> date | None:
    """First day of an outcome period written YYYY, YYYY-MM, YYYY-Qn or YYYY-Hn; else None."""
    match = _PERIOD.match(period.strip())
    if match is None:
        return None
    year, month, quarter, half = match.groups()
    first = int(month) if month else 1 + 3 * (int(quarter or 1) - 1) + 6 * (int(half or 1) - 1)
    return date(int(year), first, 1) if 1 <= first <= 12 else None


def _shown(row: GroupRead) -> bool:
    return _mean(row.iat.d) is not None or any(
        _mean(s.score) is not None for s in row.questionnaire.subscales
    )


def _mean(figure: MeanCIRead | None) -> float | None:
    return None if figure is None else figure.mean


def _analysed(
    teams: list[tuple[Group, GroupRead]], rows: list[OutcomeRow]
) -> list[tuple[Group, GroupRead]]:
    """Shown teams with the outcome, less those with a sub-team that has it too."""
    ids = {r.team_id for r in rows}
    with_outcome = [(g, r) for g, r in teams if g.team_id in ids and _shown(r)]
    kept = {g.team_id for g, _ in with_outcome}
    return [
        (g, r) for g, r in with_outcome if not ((g.team_ids or frozenset()) - {g.team_id}) & kept
    ]


def _summaries(figures: list[MeanCIRead | None]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    def one(f: MeanCIRead | None) -> tuple[float, float, float]:
        if f is None or f.mean is None:
            return math.nan, math.nan, 0.0
        return f.mean, math.nan if f.sd is None else f.sd, float(f.n)

    values = np.array([one(f) for f in figures], dtype=np.float64).reshape(-1, 3)
    return values[:, 0], values[:, 1], values[:, 2]


def _predictors(rows: list[GroupRead], codes: Sequence[str]) -> list[TeamPredictor]:
    found = [TeamPredictor(IAT_PREDICTOR, *_summaries([r.iat.d for r in rows]))]
    for code in codes:
        cells = [next((s for s in r.questionnaire.subscales if s.code == code), None) for r in rows]
        rwg = np.array(
            [math.nan if c is None or c.rwg_j is None else c.rwg_j for c in cells], dtype=np.float64
        )
        found.append(
            TeamPredictor(
                code, *_summaries([None if c is None else c.score for c in cells]), rwg_j=rwg
            )
        )
    return found


def _outcome(
    aggregates: CampaignAggregates,
    teams: list[tuple[Group, GroupRead]],
    rows: list[OutcomeRow],
    end: date | None,
) -> OutcomeLinkageRead:
    by_team = {r.team_id: r for r in rows}
    chosen = _analysed(teams, rows)
    analysed = [by_team[g.team_id] for g, _ in chosen if g.team_id is not None]
    group_rows = [r for _, r in chosen]
    counts = [r.n_customers for r in analysed]
    result = link_outcome(
        np.array([r.value for r in analysed], dtype=np.float64),
        rows[0].direction,
        _predictors(group_rows, aggregates.questionnaire.codes),
        None if None in counts else np.array(counts, dtype=np.float64),
        n_boot=N_BOOT,
        seed=aggregates.campaign.id,
    )
    start = period_start(rows[0].period)
    lag = (start - end).days if start and end else None
    return outcome_read(rows[0], start, lag, result)
