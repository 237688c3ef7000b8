"""Studies and campaigns visible to a research token (its organisation only)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.audit import repository as audit_repo
from app.campaigns import repository as campaign_repo
from app.db.models import Campaign, Study
from app.domain import ActorKind, IndividualResults
from app.errors import Forbidden, NotFound
from app.exports import research_repository as research_repo
from app.exports.published import require_released
from app.exports.research_schemas import CampaignRead, StudyRead
from app.instruments import repository as instrument_repo
from app.sessions.access import study_definition
from app.tokens.access import ResearchCaller


def study_read(study: Study, used: bool) -> StudyRead:
    definition = study_definition(study)
    own = study.organisation_id is not None
    return StudyRead(
        id=study.id,
        key=definition.id if own else study.study_key,
        version=study.content_hash,
        created_at=study.created_at,
        definition=definition,
        own=own,
        version_number=study.version_number,
        used=used,
    )


def list_studies(db: Session, caller: ResearchCaller) -> list[StudyRead]:
    """Every study version the organisation's campaigns use, and every version of its own
    studies (drafts included)."""
    studies = research_repo.organisation_studies(db, caller.organisation_id)
    used = instrument_repo.used_study_ids(db, [study.id for study in studies])
    return [study_read(study, study.id in used) for study in studies]


def get_study(db: Session, caller: ResearchCaller, study_id: int) -> StudyRead:
    for study in list_studies(db, caller):
        if study.id == study_id:
            return study
    raise NotFound(f"no study {study_id} in this organisation")


def campaign_read(campaign: Campaign, team_ids: list[int]) -> CampaignRead:
    values = {k: getattr(campaign, k) for k in CampaignRead.model_fields if k != "team_ids"}
    return CampaignRead.model_validate({**values, "team_ids": team_ids})


def list_campaigns(db: Session, caller: ResearchCaller) -> list[CampaignRead]:
    campaigns = campaign_repo.list_campaigns(db, caller, newest_first=False)
    teams = campaign_repo.campaign_team_ids(db, [c.id for c in campaigns])
    return [campaign_read(c, teams[c.id]) for c in campaigns]


def campaign_of(db: Session, caller: ResearchCaller, campaign_id: int) -> Campaign:
    """The caller's campaign, or NotFound (another organisation's campaign does not exist)."""
    campaign = campaign_repo.get_campaign(db, caller, campaign_id)
    if campaign is None:
        raise NotFound(f"no campaign {campaign_id} in this organisation")
    return campaign


def get_campaign(db: Session, caller: ResearchCaller, campaign_id: int) -> CampaignRead:
    campaign = campaign_of(db, caller, campaign_id)
    return campaign_read(campaign, campaign_repo.team_ids_of(db, campaign.id))


def rows_campaign(db: Session, caller: ResearchCaller, campaign_id: int) -> Campaign:
    """The caller's campaign if its policy allows individual rows (403) and they are
    published (409 while a pseudonymous campaign is open)."""
    campaign = campaign_of(db, caller, campaign_id)
    if campaign.individual_results == IndividualResults.NONE:
        raise Forbidden(
            f"campaign {campaign_id} allows no individual results; only team aggregates"
        )
    require_released(campaign)
    return campaign


def audit_rows(
    db: Session, caller: ResearchCaller, action: str, campaign_id: int | None, rows: int | None
) -> None:
    """Log an access to individual rows (committed by the caller's use case)."""
    audit_repo.record(
        db,
        organisation_id=caller.organisation_id,
        actor_kind=ActorKind.API_TOKEN,
        actor_id=caller.actor_id,
        action=action,
        target_kind="campaign",
        target_id=None if campaign_id is None else str(campaign_id),
        row_count=rows,
    )
