"""Team aggregates of one campaign, suppressed server-side (rule in ``aggregates_suppression``).

Read-only: loads the campaign's rows (one query each), then computes every group's figures with
numpy. The dashboard, its charts and the team-summary export all start from here, so they show
exactly the same (suppressed) numbers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from app.db.models import Campaign
from app.domain import SessionState
from app.repositories import hr_aggregates as repo
from app.schemas.hr_dashboard import (
    CompletionRead,
    GroupRead,
    SplitHalfRead,
    SubscaleReliabilityRead,
)
from app.services.hr.aggregates_groups import Group, build_groups
from app.services.hr.aggregates_iat import (
    IatSessions,
    iat_group,
    iat_sessions,
    included_n,
    split_half,
)
from app.services.hr.aggregates_questionnaire import (
    DEFAULT_CODES,
    QuestionnaireSessions,
    questionnaire_group,
    questionnaire_sessions,
    respondents,
    sample_reliability,
)
from app.services.hr.aggregates_suppression import GroupNode, effective_minimum, suppressed_keys
from iat.questionnaire import Questionnaire, parse_questionnaire

CAMPAIGN_TITLE = "Campagne entière / Whole campaign"


@dataclass(frozen=True)
class CampaignAggregates:
    """Every group's (already suppressed) figures, and what the charts and reliability need."""

    campaign: Campaign
    groups: list[Group]
    session_ids: NDArray[np.int64]  # completed sessions, in the order of every array below
    rows: list[GroupRead]
    iat: IatSessions
    team_of_session: NDArray[np.int64]
    questionnaire: QuestionnaireSessions
    d_split_half: SplitHalfRead | None
    subscale_reliability: list[SubscaleReliabilityRead]
    iat_minimum: int
    questionnaire_minimum: int


def campaign_aggregates(db: Session, campaign: Campaign) -> CampaignAggregates:
    """Figures of the whole campaign and each of its teams (no access check: callers do it)."""
    teams = repo.organisation_teams(db, campaign.organisation_id)
    groups = build_groups(teams, repo.campaign_team_ids(db, campaign.id), CAMPAIGN_TITLE)
    sessions = repo.completed_sessions(db, campaign.id)
    session_ids = [s for s, _, _ in sessions]
    team_of = np.array([t for _, t, _ in sessions], dtype=np.int64)
    iat = iat_sessions(session_ids, [k for _, _, k in sessions], repo.iat_scores(db, campaign.id))
    quest = questionnaire_sessions(
        session_ids,
        repo.subscale_scores(db, campaign.id),
        repo.item_answers(db, campaign.id),
        campaign_bank(db, campaign),
    )
    m_iat = effective_minimum(campaign.min_group_size_iat)
    m_q = effective_minimum(campaign.min_group_size_questionnaire)
    reliability = sample_reliability(quest, team_of)
    icc1_by_code = {r.code: np.nan if r.icc1 is None else r.icc1 for r in reliability}
    completion = _completion(groups, repo.participant_states(db, campaign.id))
    rows = _rows(groups, completion, iat, quest, team_of, (m_iat, m_q), icc1_by_code)
    halves = None
    if included_n(iat, np.ones(team_of.shape, dtype=bool)) >= m_iat:
        halves = split_half(iat, session_ids, repo.critical_trials(db, campaign.id))
    if np.count_nonzero(respondents(quest)) < m_q:
        reliability = []
    ids = np.array(session_ids, dtype=np.int64)
    return CampaignAggregates(
        campaign, groups, ids, rows, iat, team_of, quest, halves, reliability, m_iat, m_q
    )


def campaign_bank(db: Session, campaign: Campaign) -> Questionnaire | None:
    """The campaign's questionnaire item bank, if it has one."""
    if campaign.questionnaire_bank_id is None:
        return None
    stored = repo.get_questionnaire_bank(db, campaign.questionnaire_bank_id)
    return parse_questionnaire(stored.definition) if stored else None


def subscale_codes(db: Session, campaign: Campaign) -> tuple[str, ...]:
    """Subscale codes of the campaign's questionnaire (the default three without one)."""
    bank = campaign_bank(db, campaign)
    return tuple(s.code for s in bank.subscales) if bank else DEFAULT_CODES


def _rows(
    groups: list[Group],
    completion: list[CompletionRead],
    iat: IatSessions,
    quest: QuestionnaireSessions,
    team_of: NDArray[np.int64],
    minimums: tuple[int, int],
    icc1_by_code: dict[str, float],
) -> list[GroupRead]:
    m_iat, m_q = minimums
    masks = [g.mask(team_of) for g in groups]
    hidden_iat = _suppressed(groups, [included_n(iat, m) for m in masks], m_iat)
    answered = respondents(quest)
    hidden_q = _suppressed(groups, [int(np.count_nonzero(answered & m)) for m in masks], m_q)
    return [
        GroupRead(
            team_id=g.team_id,
            name=g.name,
            parent_id=None if g.parent_key in (None, 0) else g.parent_key,
            depth=g.depth,
            completion=done,
            iat=iat_group(iat, mask, g.key in hidden_iat, m_iat),
            questionnaire=questionnaire_group(quest, mask, g.key in hidden_q, m_q, icc1_by_code),
        )
        for g, mask, done in zip(groups, masks, completion, strict=True)
    ]


def _suppressed(groups: list[Group], counts: list[int], minimum: int) -> set[int]:
    nodes = [GroupNode(g.key, g.parent_key, n) for g, n in zip(groups, counts, strict=True)]
    return suppressed_keys(nodes, minimum)


def _completion(
    groups: list[Group], rows: Sequence[tuple[int, str | None, bool]]
) -> list[CompletionRead]:
    """Progress counts per group: every invited participant in exactly one state."""
    team_of = np.array([team for team, _, _ in rows], dtype=np.int64)
    state = np.array([_state(s, withdrawn) for _, s, withdrawn in rows], dtype=object)
    return [_completion_counts(state[g.mask(team_of)]) for g in groups]


def _state(state: str | None, withdrawn: bool) -> str:
    if withdrawn:
        return SessionState.WITHDRAWN
    return state or SessionState.INVITED


def _completion_counts(states: NDArray[np.object_]) -> CompletionRead:
    counts = Counter(states.tolist())
    invited = len(states)
    return CompletionRead(
        invited=invited,
        not_started=counts[SessionState.INVITED],
        consented=counts[SessionState.CONSENTED],
        in_progress=counts[SessionState.IN_PROGRESS],
        completed=counts[SessionState.COMPLETED],
        declined=counts[SessionState.DECLINED],
        withdrawn=counts[SessionState.WITHDRAWN],
        completion_rate=counts[SessionState.COMPLETED] / invited if invited else None,
    )
