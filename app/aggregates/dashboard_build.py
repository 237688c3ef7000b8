"""The campaign dashboard computed for one audience: suppressed aggregates cut to what it may see.

HR admins see the whole campaign and every team; managers see only the campaigns that cover one
of their teams, and there only their teams (and the teams below them), never the campaign row
nor the context breakdowns; platform admins see no participant data at all. The suppression is
computed on the whole campaign first, so a manager never sees a row that HR would not see, and
a manager's sample-level figures (reliability, histogram) come only from the people behind the
rows they see. Nothing but participation counts is published before the campaign closes.
The result is stored when the data change (``aggregates_stored``) and read from there.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy.orm import Session

from app.aggregates.campaign import CampaignAggregates, CampaignData, scope_aggregates
from app.aggregates.context import context_breakdowns
from app.aggregates.iat_figures import histogram, included_n
from app.aggregates.schemas import (
    CampaignSummaryRead,
    DashboardRead,
    GroupRead,
    HistogramBinRead,
)
from app.i18n import N_, localized

USAGE_WARNING = N_(
    "IAT results describe groups and carry a margin of error: they must never be used for "
    "hiring, appraisal, pay or promotion."
)
SUPPRESSION_RULE = N_(
    "No figure is shown for a group of fewer than N people (N set by the campaign, never "
    "below 3; one minimum for the IAT, one for the questionnaire). When a parent team's figure "
    "minus its visible sub-teams would isolate 1 to N − 1 people, the smallest visible sub-team "
    "is withheld too, until no subtraction isolates a small group."
)


PUBLICATION_RULE = N_(
    "Results are published once, when the campaign closes: while it is open only the "
    "participation counts are shown, so that two successive views never reveal the score of "
    "the person who finished in between."
)


def visible_rows(aggregates: CampaignAggregates) -> list[GroupRead]:
    """The rows the caller of ``campaign_aggregates`` may see."""
    return [aggregates.rows[i] for i in aggregates.visible]


def build_dashboard(
    db: Session, data: CampaignData, team_ids: frozenset[int] | None
) -> DashboardRead:
    """Everything the dashboard page and its JSON twin show to one audience (``team_ids``: a
    manager's teams, None for the whole organisation), computed from ``data``."""
    campaign = data.campaign
    aggregates = scope_aggregates(data, team_ids)
    return DashboardRead(
        campaign=CampaignSummaryRead(
            id=campaign.id,
            name=campaign.name,
            state=campaign.state,
            min_group_size_iat=aggregates.iat_minimum,
            min_group_size_questionnaire=aggregates.questionnaire_minimum,
            individual_results=campaign.individual_results,
            open_link_counts_toward_minimum=campaign.open_link_counts_toward_minimum,
        ),
        usage_warning=localized(USAGE_WARNING),
        suppression_rule=localized(SUPPRESSION_RULE),
        published=aggregates.published,
        publication_rule=localized(PUBLICATION_RULE),
        groups=visible_rows(aggregates),
        subscale_codes=list(aggregates.questionnaire.codes),
        d_split_half=aggregates.d_split_half,
        subscale_reliability=aggregates.subscale_reliability,
        d_distribution=_distribution(aggregates),
        context_breakdowns=(
            context_breakdowns(db, campaign, aggregates) if team_ids is None else []
        ),
    )


def _distribution(aggregates: CampaignAggregates) -> list[HistogramBinRead] | None:
    """D histogram over the visible, non-suppressed groups; None below the IAT minimum."""
    shown = [
        aggregates.groups[i] for i in aggregates.visible if not aggregates.rows[i].iat.suppressed
    ]
    mask = np.zeros(aggregates.team_of_session.shape, dtype=bool)
    for group in shown:
        mask |= group.mask(aggregates.team_of_session)
    if included_n(aggregates.iat, mask & aggregates.counted) < aggregates.iat_minimum:
        return None
    return histogram(aggregates.iat, shown, aggregates.team_of_session)
