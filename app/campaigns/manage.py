"""Campaigns: create, edit (policy locked once open), open, close, archive.

``load_campaign`` is the one way HR code reaches a campaign: it is bound to the user's
organisation (and, for managers, to campaigns covering one of their teams); anything else
is a 404, whatever the id.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.audit.log import record_hr
from app.campaigns import repository as campaign_repo
from app.campaigns import texts as campaign_texts
from app.campaigns.schemas import (
    POLICY_FIELDS,
    CampaignCounts,
    CampaignCreate,
    CampaignDetail,
    CampaignRead,
    CampaignUpdate,
    StudyChoice,
)
from app.db.base import utc_now
from app.db.models import Campaign, HRUser
from app.domain import CampaignState, SessionState
from app.errors import Conflict, FieldProblem, InvalidFields, NotFound, Phrase
from app.i18n import N_
from app.instruments.builtin import check_study_languages, stored_instruments
from app.organisations import teams_repository as hr_teams
from app.programmes import repository as programmes
from app.times import as_utc
from iat import Language
from iat.catalogue import list_builtin_studies

_TRANSITIONS = {
    CampaignState.OPEN: (CampaignState.DRAFT,),
    CampaignState.CLOSED: (CampaignState.OPEN,),
    CampaignState.ARCHIVED: (CampaignState.CLOSED,),
}
_STATE_WORDS = {
    CampaignState.DRAFT: N_("draft"),
    CampaignState.OPEN: N_("open"),
    CampaignState.CLOSED: N_("closed"),
    CampaignState.ARCHIVED: N_("archived"),
}


def state_word(state: str) -> Phrase:
    """A campaign state as a word of an error sentence (translated with it)."""
    return Phrase(_STATE_WORDS[CampaignState(state)])


def load_campaign(db: Session, scope: HRScope, campaign_id: int) -> Campaign:
    """The campaign if the user may see it, else NotFound (never a hint it exists)."""
    scope.require_organisation()  # platform admins: Forbidden, as on every HR data route
    campaign = campaign_repo.get_campaign(db, scope, campaign_id)
    if campaign is None:
        raise NotFound(N_("no campaign {campaign_id}"), campaign_id=campaign_id)
    return campaign


def list_campaigns(db: Session, scope: HRScope) -> list[CampaignRead]:
    scope.require_organisation()
    rows = campaign_repo.list_campaigns(db, scope)
    return [campaign_read(c) for c in rows]


def campaign_read(campaign: Campaign) -> CampaignRead:
    """The campaign as HR reads it, with the texts its participants are shown."""
    read = CampaignRead.model_validate(campaign)
    return read.model_copy(update={"texts": campaign_texts.effective_texts(campaign)})


def campaign_detail(db: Session, scope: HRScope, campaign_id: int) -> CampaignDetail:
    return _detail(db, load_campaign(db, scope, campaign_id))


def _detail(db: Session, campaign: Campaign) -> CampaignDetail:
    states = campaign_repo.session_state_counts(db, campaign.id)
    counts = CampaignCounts(  # no declined / withdrawn / started counts: see CampaignCounts
        participants=sum(states.values()),
        completed=states.get(SessionState.COMPLETED, 0),
    )
    return CampaignDetail(
        campaign=campaign_read(campaign),
        team_ids=campaign_repo.team_ids_of(db, campaign.id),
        counts=counts,
    )


def study_choices(language: str) -> list[StudyChoice]:
    """The built-in studies a campaign can use (the default one first)."""
    choices = []
    for study in list_builtin_studies():
        shown = language if language in study.languages else study.languages[0]
        choices.append(StudyChoice(id=study.id, title=study.title[Language(shown)]))
    return choices


def _check_dates(opens_at: datetime | None, closes_at: datetime | None) -> None:
    if opens_at and closes_at and as_utc(closes_at) <= as_utc(opens_at):
        problem = FieldProblem("closes_at", N_("the campaign must close after it opens"))
        raise InvalidFields(problem)


def _check_teams(db: Session, scope: HRScope, team_ids: list[int]) -> list[int]:
    wanted = sorted(set(team_ids))
    if hr_teams.readable_team_ids(db, scope, wanted) != set(wanted):
        raise NotFound(N_("team_ids: some of these teams do not exist in this organisation"))
    return wanted


def _check_programme(db: Session, scope: HRScope, programme_id: int | None) -> None:
    if programme_id is not None and programmes.get_programme(db, scope, programme_id) is None:
        raise NotFound(N_("programme_id: no programme {programme_id}"), programme_id=programme_id)


def create_campaign(
    db: Session, actor: HRUser, scope: HRScope, body: CampaignCreate
) -> CampaignDetail:
    organisation_id = scope.require_organisation()
    _check_dates(body.opens_at, body.closes_at)
    _check_programme(db, scope, body.programme_id)
    team_ids = _check_teams(db, scope, body.team_ids)
    campaign_texts.check_languages(body.texts, body.languages)
    fields = body.model_dump(exclude={"study", "questionnaire", "team_ids", "texts"})
    campaign = Campaign(
        organisation_id=organisation_id,
        state=CampaignState.DRAFT,
        texts=campaign_texts.stored(body.texts),
        **fields,
        **asdict(stored_instruments(db, body.study, body.questionnaire, organisation_id)),
    )
    check_study_languages(db, campaign.study_id, campaign.languages)
    campaign = campaign_repo.add_campaign(db, campaign, team_ids)
    _audit(db, actor, "campaign.create", campaign)
    db.commit()
    return _detail(db, campaign)


def update_campaign(
    db: Session, actor: HRUser, scope: HRScope, campaign_id: int, body: CampaignUpdate
) -> CampaignDetail:
    """Change the fields sent; policy fields are refused (409) once the campaign opened."""
    campaign = load_campaign(db, scope, campaign_id)
    changes = body.model_dump(exclude_unset=True)
    _check_editable(campaign, changes)
    _check_programme(db, scope, changes.get("programme_id"))
    team_ids = changes.pop("team_ids", None)
    changes.pop("texts", None)
    for name, value in changes.items():
        setattr(campaign, name, value)
    _set_texts(campaign, body, "languages" in changes)
    check_study_languages(db, campaign.study_id, campaign.languages)
    _check_dates(campaign.opens_at, campaign.closes_at)
    if team_ids is not None:
        wanted = _check_teams(db, scope, team_ids)
        campaign_repo.set_campaign_teams(db, campaign.id, wanted)
    _audit(db, actor, "campaign.update", campaign)
    db.commit()
    return _detail(db, campaign)


def _set_texts(campaign: Campaign, body: CampaignUpdate, new_languages: bool) -> None:
    """Apply the texts sent (after the languages: texts follow the campaign's languages);
    an opened campaign whose texts or languages change must keep every GDPR fact in every
    language."""
    locked = campaign.policy_locked_at is not None
    campaign.texts = campaign_texts.merged(campaign, body.texts or {}, locked)
    if locked and (body.texts or new_languages):
        campaign_texts.check_complete(campaign)


def _check_editable(campaign: Campaign, changes: dict[str, Any]) -> None:
    if campaign.state == CampaignState.ARCHIVED:
        raise Conflict(N_("an archived campaign cannot be changed"))
    locked = sorted(POLICY_FIELDS.intersection(changes))
    if campaign.policy_locked_at is not None and locked:
        raise Conflict(
            N_("the privacy policy is locked since the campaign opened: {fields}"), fields=locked
        )


def change_state(
    db: Session, actor: HRUser, scope: HRScope, campaign_id: int, target: CampaignState
) -> CampaignDetail:
    """Open (locks the policy), close or archive; each only from the state before it."""
    campaign = load_campaign(db, scope, campaign_id)
    allowed = _TRANSITIONS.get(target, ())
    if campaign.state not in allowed:
        raise Conflict(
            N_("a {state} campaign cannot become {target}"),
            state=state_word(campaign.state),
            target=state_word(target),
        )
    now = utc_now()
    if target is CampaignState.OPEN:
        if campaign.closes_at is not None and as_utc(campaign.closes_at) <= now:
            raise Conflict(N_("closes_at has passed: set a later closing date before opening"))
        campaign_texts.check_complete(campaign)
        campaign.policy_locked_at = now
        if campaign.opens_at is None or as_utc(campaign.opens_at) > now:
            campaign.opens_at = now
    if target is CampaignState.CLOSED:
        # Retention is counted from here (README, "Privacy"): the real closing time.
        campaign.closes_at = now
    campaign.state = target
    _audit(db, actor, f"campaign.{target.value}", campaign)
    db.commit()
    return _detail(db, campaign)


def _audit(db: Session, actor: HRUser, action: str, campaign: Campaign) -> None:
    target = ("campaign", campaign.id)
    record_hr(db, actor, action, organisation_id=campaign.organisation_id, target=target)
