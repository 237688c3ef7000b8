"""Implicit beside explicit: each team's IAT mean next to its questionnaire components, the
gap between spontaneous and declared orientation, and (researchers, where individual rows
are allowed) the person-level correlation.

Both measures are standardised over the campaign's people (z-scores with the campaign's mean
and SD), so the gap of a team is ``mean z(D) − mean z(component)`` in SD units: positive when
the team is spontaneously more customer-oriented than it declares, relative to the whole
campaign (``scoring.change.standardised_gap`` gives its exact variance with the campaign's
mean and SD taken as fixed). A gap is shown only when both of the team's figures pass the
dashboard's suppression, and the within-team covariance it uses only over at least as many
people as the questionnaire's minimum. Z-scores are relative to the campaign: a manager who
sees two teams' means and gaps could infer the campaign's mean and SD (an aggregate over at
least the minimum number of people, never a person).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.aggregates.campaign import CampaignAggregates, campaign_aggregates, is_published
from app.aggregates.dashboard import load_campaign
from app.aggregates.schemas import (
    ComponentGapRead,
    CorrelationRead,
    GroupRead,
    ImplicitExplicitCorrelationRead,
    ImplicitExplicitRead,
    TeamGapRead,
)
from app.campaigns.catalogue import campaign_of, rows_campaign
from app.db.models import Campaign
from app.errors import Conflict
from app.i18n import N_, localized
from app.tokens.access import ResearchCaller
from scoring.change import correlation, standardised_gap, zscores

GAP_METHOD = N_(
    "Gap = the team's mean IAT score minus its mean on the component, both standardised over "
    "the campaign's people (z-scores): a positive gap means a spontaneous customer orientation "
    "above the declared one, relative to the campaign. The 95 % interval is the normal one "
    "with the exact variance of a difference of means (the people who have both scores are "
    "counted once, through their covariance). Shown only when both figures are shown."
)


def implicit_explicit(
    db: Session, campaign: Campaign, team_ids: frozenset[int] | None
) -> ImplicitExplicitRead:
    """The gaps of the teams the caller sees (``team_ids``: a manager's; no access check)."""
    found = campaign_aggregates(db, campaign, team_ids)
    z_d = zscores(found.iat.d)
    scores = found.questionnaire.scores
    z_components = np.empty(scores.shape)
    for k in range(scores.shape[1]):
        z_components[:, k] = zscores(scores[:, k])
    teams = [
        _team(found, i, z_d, z_components)
        for i in found.visible
        if found.groups[i].team_id is not None
    ]
    return ImplicitExplicitRead(
        campaign_id=campaign.id,
        published=found.published,
        min_group_size_iat=found.iat_minimum,
        min_group_size_questionnaire=found.questionnaire_minimum,
        subscale_codes=list(found.questionnaire.codes),
        method=localized(GAP_METHOD),
        teams=teams,
    )


def _team(
    found: CampaignAggregates, index: int, z_d: NDArray[np.float64], z_c: NDArray[np.float64]
) -> TeamGapRead:
    row, group = found.rows[index], found.groups[index]
    mask = group.mask(found.team_of_session)
    components = [
        _component(found, row, code, z_d[mask], z_c[mask, k])
        for k, code in enumerate(found.questionnaire.codes)
    ]
    return TeamGapRead(
        team_id=int(group.team_id or 0),
        name=row.name,
        iat_withheld_reason=row.iat.withheld_reason,
        d=row.iat.d,
        components=components,
    )


def _component(
    found: CampaignAggregates,
    row: GroupRead,
    code: str,
    z_d: NDArray[np.float64],
    z_c: NDArray[np.float64],
) -> ComponentGapRead:
    cell = next((s for s in row.questionnaire.subscales if s.code == code), None)
    reason = row.questionnaire.withheld_reason if cell is None else cell.withheld_reason
    read = ComponentGapRead(code=code, withheld_reason=reason, score=cell.score if cell else None)
    if row.iat.suppressed or reason is not None or cell is None:
        return read
    gap = standardised_gap(z_d, z_c, found.questionnaire_minimum)
    if not math.isfinite(gap.gap):
        return read
    return read.model_copy(
        update={
            "gap": gap.gap,
            "gap_se": gap.se,
            "gap_ci_low": gap.ci_low,
            "gap_ci_high": gap.ci_high,
        }
    )


def hr_implicit_explicit(db: Session, scope: HRScope, campaign_id: int) -> ImplicitExplicitRead:
    """The dashboard's reach: HR admins every team, managers their teams."""
    return implicit_explicit(db, load_campaign(db, scope, campaign_id), scope.team_ids)


def research_implicit_explicit(
    db: Session, caller: ResearchCaller, campaign_id: int
) -> ImplicitExplicitRead:
    """Team gaps for researchers (suppressed aggregates: any policy)."""
    return implicit_explicit(db, campaign_of(db, caller, campaign_id), None)


def person_correlations(
    db: Session, caller: ResearchCaller, campaign_id: int
) -> ImplicitExplicitCorrelationRead:
    """Pearson's r of D with each subscale over the campaign's people: only where individual
    rows are allowed (403) and once the campaign is closed (409), as for the rows themselves."""
    campaign = rows_campaign(db, caller, campaign_id)
    if not is_published(campaign):
        raise Conflict(
            f"campaign {campaign_id} is not closed: its results are published when it closes"
        )
    found = campaign_aggregates(db, campaign)
    correlations = [
        _correlation(code, found.iat.d, found.questionnaire.scores[:, k])
        for k, code in enumerate(found.questionnaire.codes)
    ]
    return ImplicitExplicitCorrelationRead(campaign_id=campaign_id, correlations=correlations)


def _correlation(code: str, d: NDArray[np.float64], scores: NDArray[np.float64]) -> CorrelationRead:
    r = correlation(d, scores)
    return CorrelationRead(
        code=code, n=r.n, r=_finite(r.r), ci_low=_finite(r.ci_low), ci_high=_finite(r.ci_high)
    )


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None
