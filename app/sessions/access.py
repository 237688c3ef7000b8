"""Resolve an invitation token to its participant, campaign and session."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from sqlalchemy.orm import Session

from app.db.base import utc_now
from app.db.models import Campaign, Invitation, Participant, ParticipantSession, Study
from app.domain import CampaignState, SessionState
from app.errors import Conflict, Gone, NotFound
from app.i18n import N_
from app.security import token_hash
from app.sessions import repository as session_repo
from app.times import as_utc
from iat import SessionPlan, StudyDefinition, new_seed, parse_study, session_counterbalancing

CLOSED_STATES = (CampaignState.CLOSED, CampaignState.ARCHIVED)


@dataclass
class ParticipantContext:
    invitation: Invitation
    participant: Participant
    campaign: Campaign
    session: ParticipantSession


@lru_cache(maxsize=64)
def _parsed_study(content_hash: str, definition_json: str) -> StudyDefinition:
    return parse_study(json.loads(definition_json))


def study_definition(study: Study) -> StudyDefinition:
    """The validated study of a stored version (parsed once per process per version)."""
    return _parsed_study(study.content_hash, json.dumps(study.definition, sort_keys=True))


def _keeps_end_page(campaign: Campaign, session: ParticipantSession | None) -> bool:
    """A person who finished keeps their end page (their data, their withdrawal) after the
    campaign closes, until the retention purge (``closes_at`` + ``retention_days``)."""
    if session is None or session.state != SessionState.COMPLETED:
        return False
    if campaign.closes_at is None:
        return True
    return utc_now() < as_utc(campaign.closes_at) + timedelta(days=campaign.retention_days)


def _check_usable(
    invitation: Invitation, campaign: Campaign, session: ParticipantSession | None
) -> None:
    """Every link of a person works until they finish (then it opens their end page),
    decline or withdraw, the campaign closes, or HR revokes that person's links."""
    if invitation.revoked_at is not None:
        raise Gone(N_("this link is no longer valid; if you received a newer one, use that"))
    if campaign.state in CLOSED_STATES and not _keeps_end_page(campaign, session):
        raise Gone(N_("this campaign is closed"))
    if campaign.state == CampaignState.DRAFT:
        raise Conflict(N_("this campaign has not opened yet"))


def _new_session(db: Session, participant: Participant, campaign: Campaign) -> ParticipantSession:
    """The session's seed and, with a timed test, the counterbalancing that seed draws (the
    plan itself is made once, when the test starts)."""
    seed = new_seed()
    session = ParticipantSession(
        participant_id=participant.id,
        study_id=campaign.study_id,
        state=SessionState.INVITED,
        language=campaign.languages[0] if campaign.languages else "fr",
        seed=seed,
        first_pairing="A",
        target_a_side="left",
        attribute_pos_side="left",
    )
    if campaign.study_id is not None:
        balance = session_counterbalancing(seed)
        session.first_pairing = balance.first_pairing.value
        session.target_a_side = balance.sides.target_a.value
        session.attribute_pos_side = balance.sides.attribute_pos.value
    return session_repo.add_session(db, session)


def load_context(db: Session, token: str, *, create: bool = False) -> ParticipantContext:
    """The participant behind ``token``; with ``create``, open their session on first use.

    Raises NotFound for an unknown token, Gone for a replaced link or a closed campaign.
    """
    found = session_repo.find_by_token_hash(db, token_hash(token))
    if found is None:
        raise NotFound(N_("this link is not valid; check that you copied it completely"))
    invitation, participant, campaign, session = found
    _check_usable(invitation, campaign, session)
    if session is None:
        if not create:
            raise Conflict(N_("open your invitation link first"))
        session = _new_session(db, participant, campaign)
        invitation.first_used_at = utc_now()
        db.commit()
    return ParticipantContext(invitation, participant, campaign, session)


def require_state(ctx: ParticipantContext, *allowed: SessionState) -> None:
    """Refuse an action the session's state does not allow, with words."""
    state = SessionState(ctx.session.state)
    if state not in allowed:
        raise Conflict(N_("not possible now: the session is {state}"), state=state.value)


def stored_plan(ctx: ParticipantContext) -> SessionPlan:
    """The session's plan, made when the timed test started."""
    if ctx.session.plan is None:
        raise Conflict(N_("the timed test has not started yet"))
    return ctx.session.plan
