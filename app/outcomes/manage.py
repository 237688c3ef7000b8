"""Customer outcomes of a campaign's teams: import them (HR admins, research tokens with
``outcomes:write``) and list them (HR staff: a manager sees their teams' only)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.audit.log import record_hr
from app.campaigns.catalogue import audit_rows, campaign_of
from app.campaigns.manage import load_campaign
from app.db.models import HRUser
from app.outcomes import repository as repo
from app.outcomes.imports import import_outcomes
from app.outcomes.schemas import OutcomeImportPreview, OutcomeRead
from app.participants.schemas import ImportRequest
from app.tokens.access import ResearchCaller

ACTION = "outcomes.import"


def hr_import(
    db: Session, actor: HRUser, scope: HRScope, campaign_id: int, body: ImportRequest
) -> OutcomeImportPreview:
    campaign = load_campaign(db, scope, campaign_id)

    def audit(changed: int) -> None:
        target = ("campaign", campaign.id)
        record_hr(db, actor, ACTION, organisation_id=campaign.organisation_id, target=target,
                  row_count=changed)  # fmt: skip

    return import_outcomes(db, campaign, body, audit)


def research_import(
    db: Session, caller: ResearchCaller, campaign_id: int, body: ImportRequest
) -> OutcomeImportPreview:
    campaign = campaign_of(db, caller, campaign_id)
    return import_outcomes(
        db, campaign, body, lambda changed: audit_rows(db, caller, ACTION, campaign.id, changed)
    )


def list_outcomes(db: Session, scope: HRScope, campaign_id: int) -> list[OutcomeRead]:
    campaign = load_campaign(db, scope, campaign_id)
    return [OutcomeRead.model_validate(o) for o in repo.outcomes(db, scope, campaign.id)]
