"""The campaign dashboard (read-only use case): suppressed aggregates cut to what the user may see.

HR admins see the whole campaign and every team; managers see only their teams (and the teams
below them), never the campaign row; platform admins see no participant data at all. The
suppression is computed on the whole campaign first, so a manager never sees a figure that HR
would not see.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy.orm import Session

from app.db.models import Campaign
from app.errors import NotFound
from app.repositories import hr_aggregates as repo
from app.schemas.hr_dashboard import (
    CampaignSummaryRead,
    DashboardRead,
    GroupRead,
    HistogramBinRead,
    TextRead,
)
from app.services.hr.aggregates import CampaignAggregates, campaign_aggregates
from app.services.hr.aggregates_context import context_breakdowns
from app.services.hr.aggregates_groups import Group
from app.services.hr.aggregates_iat import histogram, included_n
from app.services.hr.scope import HRScope

USAGE_WARNING = TextRead(
    fr="Les résultats de l'IAT décrivent des groupes et comportent une marge d'erreur : ils ne "
    "doivent jamais servir à recruter, évaluer, rémunérer ou promouvoir qui que ce soit.",
    en="IAT results describe groups and carry a margin of error: they must never be used for "
    "hiring, appraisal, pay or promotion.",
)
SUPPRESSION_RULE = TextRead(
    fr="Aucun chiffre n'est affiché pour un groupe de moins de N personnes (N fixé par la "
    "campagne, jamais moins de 3 ; un seuil pour l'IAT, un pour le questionnaire). Si le chiffre "
    "d'une équipe parente moins celui de ses sous-équipes visibles isolait de 1 à N − 1 personnes, "
    "la plus petite sous-équipe visible est masquée aussi, jusqu'à ce qu'aucune soustraction "
    "n'isole un petit groupe.",
    en="No figure is shown for a group of fewer than N people (N set by the campaign, never "
    "below 3; one minimum for the IAT, one for the questionnaire). When a parent team's figure "
    "minus its visible sub-teams would isolate 1 to N − 1 people, the smallest visible sub-team "
    "is withheld too, until no subtraction isolates a small group.",
)


def load_campaign(db: Session, scope: HRScope, campaign_id: int) -> Campaign:
    """The campaign of the user's organisation (404 otherwise; 403 for platform admins)."""
    organisation_id = scope.require_organisation()
    campaign = repo.get_org_campaign(db, organisation_id, campaign_id)
    if campaign is None:
        raise NotFound(f"no campaign {campaign_id} in your organisation")
    return campaign


def visible(groups: list[Group], scope: HRScope) -> list[int]:
    """Indexes of the groups the user may see (the campaign row only for a full scope)."""
    if scope.team_ids is None:
        return list(range(len(groups)))
    return [
        i for i, g in enumerate(groups) if g.team_id is not None and g.team_id in scope.team_ids
    ]


def visible_rows(aggregates: CampaignAggregates, scope: HRScope) -> list[GroupRead]:
    return [aggregates.rows[i] for i in visible(aggregates.groups, scope)]


def campaign_dashboard(db: Session, scope: HRScope, campaign_id: int) -> DashboardRead:
    """Everything the dashboard page and its JSON twin show."""
    campaign = load_campaign(db, scope, campaign_id)
    aggregates = campaign_aggregates(db, campaign)
    return DashboardRead(
        campaign=CampaignSummaryRead(
            id=campaign.id,
            name=campaign.name,
            state=campaign.state,
            min_group_size_iat=aggregates.iat_minimum,
            min_group_size_questionnaire=aggregates.questionnaire_minimum,
            individual_results=campaign.individual_results,
        ),
        usage_warning=USAGE_WARNING,
        suppression_rule=SUPPRESSION_RULE,
        groups=visible_rows(aggregates, scope),
        subscale_codes=list(aggregates.questionnaire.codes),
        d_split_half=aggregates.d_split_half,
        subscale_reliability=aggregates.subscale_reliability,
        d_distribution=_distribution(aggregates, scope),
        context_breakdowns=(
            context_breakdowns(db, campaign, aggregates) if scope.team_ids is None else []
        ),
    )


def _distribution(aggregates: CampaignAggregates, scope: HRScope) -> list[HistogramBinRead] | None:
    """D histogram over the visible, non-suppressed groups; None below the IAT minimum."""
    shown = [
        aggregates.groups[i]
        for i in visible(aggregates.groups, scope)
        if not aggregates.rows[i].iat.suppressed
    ]
    mask = np.zeros(aggregates.team_of_session.shape, dtype=bool)
    for group in shown:
        mask |= group.mask(aggregates.team_of_session)
    if included_n(aggregates.iat, mask) < aggregates.iat_minimum:
        return None
    return histogram(aggregates.iat, shown, aggregates.team_of_session)
