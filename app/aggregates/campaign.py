"""Team aggregates of one campaign, suppressed server-side (rule in ``aggregates_suppression``).

Read-only: loads the campaign's rows (one query each, ``load_campaign_data``), then computes
every group's figures with numpy for one audience (``scope_aggregates``). The stored aggregates
(``aggregates_stored``) are computed from here when the data change; the dashboard, its charts,
the team-summary export and the research team aggregates read them, so they show exactly the
same (suppressed) numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from app.aggregates import repository as repo
from app.aggregates.completion import completion_counts
from app.aggregates.groups import Group, build_groups
from app.aggregates.iat_figures import (
    Halves,
    IatSessions,
    iat_group,
    iat_sessions,
    included_n,
    session_halves,
    split_half_of,
    typed_session_halves,
)
from app.aggregates.questionnaire_figures import (
    DEFAULT_CODES,
    QuestionnaireSessions,
    questionnaire_group,
    questionnaire_sessions,
    respondents,
    sample_reliability,
    subset,
)
from app.aggregates.schemas import (
    CompletionRead,
    GroupRead,
    SplitHalfRead,
    SubscaleReliabilityRead,
)
from app.aggregates.suppression import effective_minimum
from app.aggregates.withheld import Reasons, Withheld, everything_withheld, withheld
from app.campaigns import repository as campaign_repo
from app.db.models import Campaign
from app.domain import CampaignState
from iat import StudyType
from iat.questionnaire import Questionnaire, parse_questionnaire

CAMPAIGN_TITLE = "Campagne entière / Whole campaign"


PUBLISHED_STATES = (CampaignState.CLOSED, CampaignState.ARCHIVED)


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
    counted: NDArray[np.bool_]  # counts toward the minimum group sizes
    published: bool
    visible: list[int]  # indexes of the groups the caller may see


def is_published(campaign: Campaign) -> bool:
    """Results are published once, when the campaign closes (README, "Published figures"):
    while it is open, every figure is withheld and only participation counts are shown."""
    return campaign.state in PUBLISHED_STATES


@dataclass(frozen=True)
class CampaignData:
    """What every audience's figures start from, loaded once: the groups, the people, the
    suppression (the same table for everyone) and each included session's odd/even half D."""

    campaign: Campaign
    groups: list[Group]
    people: _People
    masks: list[NDArray[np.bool_]]
    hidden: Withheld
    minimums: tuple[int, int]
    completion: list[CompletionRead]
    halves: NDArray[np.float64]  # (sessions, 2): NaN where not computable
    new_halves: Halves  # computed by this load, not stored yet


def load_campaign_data(
    db: Session, campaign: Campaign, known_halves: Halves | None = None
) -> CampaignData:
    """One pass over the campaign's rows (no access check: callers do it); the half Ds of
    ``known_halves`` are taken as they are, the others computed from the trials."""
    teams = repo.organisation_teams(db, campaign.organisation_id)
    groups = build_groups(teams, campaign_repo.team_ids_of(db, campaign.id), CAMPAIGN_TITLE)
    people = _people(db, campaign)
    minimums = (
        effective_minimum(campaign.min_group_size_iat),
        effective_minimum(campaign.min_group_size_questionnaire),
    )
    masks = [g.mask(people.team_of) for g in groups]
    arrays = (people.iat, people.quest, people.counted)
    hidden = _withheld(groups, masks, arrays, minimums, is_published(campaign))
    completion = completion_counts(groups, repo.participant_states(db, campaign.id), minimums[0])
    halves, new = (
        np.full((len(people.session_ids), 2), np.nan),
        dict[int, tuple[float | None, float | None]](),
    )
    if is_published(campaign) and people.iat.study_type is not StudyType.IAT:
        rows, numbers = repo.critical_trials(db, campaign.id), repo.trial_numbers(db, campaign.id)
        halves = typed_session_halves(people.iat.study_type, people.session_ids, rows, numbers)
    elif is_published(campaign):
        trials = partial(repo.critical_trials, db, campaign.id)
        known = known_halves or {}
        halves, new = session_halves(people.iat, people.session_ids, trials, known)
    return CampaignData(campaign, groups, people, masks, hidden, minimums, completion, halves, new)


def campaign_aggregates(
    db: Session, campaign: Campaign, team_ids: frozenset[int] | None = None
) -> CampaignAggregates:
    """Figures of the whole campaign and each of its teams, computed now (no access check)."""
    return scope_aggregates(load_campaign_data(db, campaign), team_ids)


def scope_aggregates(
    data: CampaignData, team_ids: frozenset[int] | None = None
) -> CampaignAggregates:
    """The figures one audience sees. ``team_ids``: a manager's teams. Rows are suppressed on
    the whole campaign (the same table for everyone); a manager sees the rows of their teams,
    and the sample-level reliability is computed only from the people behind those rows."""
    groups, people, masks, hidden, minimums = (
        data.groups,
        data.people,
        data.masks,
        data.hidden,
        data.minimums,
    )
    shown = visible_indexes(groups, team_ids)
    keys = [g.key for g in groups]
    behind = (
        _behind(masks, shown, keys, hidden.iat),
        _behind(masks, shown, keys, hidden.questionnaire),
    )
    halves, reliability, icc1_by_code = _sample_figures(people, data.halves, behind, minimums)
    arrays = (people.iat, people.quest)
    rows = _rows(groups, masks, data.completion, arrays, hidden, minimums, icc1_by_code)
    published = is_published(data.campaign)
    return CampaignAggregates(
        data.campaign,
        groups,
        np.array(people.session_ids, dtype=np.int64),
        rows,
        people.iat,
        people.team_of,
        people.quest,
        halves,
        reliability,
        *minimums,
        people.counted,
        published,
        shown,
    )


@dataclass(frozen=True)
class _People:
    """The completed sessions of a campaign, one element per session in every array."""

    session_ids: list[int]
    team_of: NDArray[np.int64]
    counted: NDArray[np.bool_]
    iat: IatSessions
    quest: QuestionnaireSessions


def _people(db: Session, campaign: Campaign) -> _People:
    sessions = repo.completed_sessions(db, campaign.id)
    session_ids = [row[0] for row in sessions]
    counted = [campaign.open_link_counts_toward_minimum or not row[3] for row in sessions]
    return _People(
        session_ids,
        np.array([row[1] for row in sessions], dtype=np.int64),
        np.array(counted, dtype=bool),
        iat_sessions(session_ids, [row[2] for row in sessions], repo.iat_scores(db, campaign.id)),
        questionnaire_sessions(
            session_ids,
            repo.subscale_scores(db, campaign.id),
            repo.item_answers(db, campaign.id),
            campaign_bank(db, campaign),
        ),
    )


def _sample_figures(
    people: _People,
    session_halves: NDArray[np.float64],
    behind: tuple[NDArray[np.bool_], NDArray[np.bool_]],
    minimums: tuple[int, int],
) -> tuple[SplitHalfRead | None, list[SubscaleReliabilityRead], dict[str, float]]:
    """Split-half of D and the subscales' reliability over the people behind the shown rows
    (IAT rows, questionnaire rows), each withheld below its minimum; and ICC(1) per subscale."""
    behind_iat, behind_q = behind
    reliability = sample_reliability(subset(people.quest, behind_q), people.team_of[behind_q])
    icc1_by_code = {r.code: np.nan if r.icc1 is None else r.icc1 for r in reliability}
    halves = None
    if included_n(people.iat, behind_iat & people.counted) >= minimums[0]:
        halves = split_half_of(session_halves, behind_iat & np.isfinite(people.iat.d))
    if np.count_nonzero(respondents(people.quest) & behind_q & people.counted) < minimums[1]:
        reliability = []
    return halves, reliability, icc1_by_code


def visible_indexes(groups: list[Group], team_ids: frozenset[int] | None) -> list[int]:
    """Indexes of the groups a caller may see: all, or a manager's teams (never the campaign)."""
    if team_ids is None:
        return list(range(len(groups)))
    return [i for i, g in enumerate(groups) if g.team_id is not None and g.team_id in team_ids]


def _withheld(
    groups: list[Group],
    masks: list[NDArray[np.bool_]],
    people: tuple[IatSessions, QuestionnaireSessions, NDArray[np.bool_]],
    minimums: tuple[int, int],
    published: bool,
) -> Withheld:
    if not published:
        return everything_withheld([g.key for g in groups], people[1].codes)
    return withheld([(g.key, g.parent_key) for g in groups], masks, people, minimums)


def _behind(
    masks: list[NDArray[np.bool_]], shown: list[int], keys: list[int], hidden: Reasons
) -> NDArray[np.bool_]:
    """The people behind the rows the caller sees (sample-level figures use only them)."""
    found = np.zeros(masks[0].shape, dtype=bool)
    for i in shown:
        if keys[i] not in hidden:
            found |= masks[i]
    return found


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
    masks: list[NDArray[np.bool_]],
    completion: list[CompletionRead],
    people: tuple[IatSessions, QuestionnaireSessions],
    hidden: Withheld,
    minimums: tuple[int, int],
    icc1_by_code: dict[str, float],
) -> list[GroupRead]:
    iat, quest = people
    return [
        GroupRead(
            team_id=g.team_id,
            name=g.name,
            parent_id=None if g.parent_key in (None, 0) else g.parent_key,
            depth=g.depth,
            completion=done,
            iat=iat_group(iat, mask, hidden.iat.get(g.key), minimums[0]),
            questionnaire=questionnaire_group(
                quest,
                mask,
                hidden.questionnaire.get(g.key),
                hidden.hidden_codes(g.key),
                icc1_by_code,
            ),
        )
        for g, mask, done in zip(groups, masks, completion, strict=True)
    ]
