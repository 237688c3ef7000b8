"""The campaign dashboard (read-only use case): the stored figures the user may see.

HR admins see the whole campaign and every team; managers see only the campaigns that cover one
of their teams, and there only their teams (and the teams below them), never the campaign row
nor the context breakdowns; platform admins see no participant data at all. What each audience
sees is computed when the data change (``aggregates_dashboard_build``, suppression included)
and stored (``aggregates_stored``); a request reads it, never recomputes it.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.aggregates.dashboard_build import PUBLICATION_RULE, SUPPRESSION_RULE, USAGE_WARNING
from app.aggregates.schemas import DashboardRead
from app.aggregates.stored import stored_dashboard
from app.campaigns import manage as campaigns
from app.db.models import Campaign

__all__ = ["PUBLICATION_RULE", "SUPPRESSION_RULE", "USAGE_WARNING", "campaign_dashboard"]


def load_campaign(db: Session, scope: HRScope, campaign_id: int) -> Campaign:
    """The campaign if the user may see it: their organisation's and, for a manager, one that
    covers at least one of their teams (404 otherwise; 403 for platform admins)."""
    return campaigns.load_campaign(db, scope, campaign_id)


def campaign_dashboard(db: Session, scope: HRScope, campaign_id: int) -> DashboardRead:
    """Everything the dashboard page and its JSON twin show, as stored."""
    return stored_dashboard(db, load_campaign(db, scope, campaign_id), scope.team_ids)
