"""The campaign roster, and erasure of one participant on request (GDPR Art. 17)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.audit.log import record_hr
from app.campaigns import repository as campaign_repo
from app.campaigns.manage import load_campaign
from app.db.base import utc_now
from app.db.models import HRUser, Participant
from app.domain import SessionState
from app.errors import NotFound
from app.i18n import N_
from app.participants import repository as hr_participants
from app.participants.schemas import ErasureRead, ParticipantRead
from app.sessions import repository as session_repo


def list_participants(db: Session, scope: HRScope, campaign_id: int) -> list[ParticipantRead]:
    """Codes, teams and finished or not (no scores, no names: those are in exports). Declined
    and withdrawn people read "not finished", like those who never opened their link."""
    campaign = load_campaign(db, scope, campaign_id)
    return [
        ParticipantRead(
            id=participant.id,
            code=participant.code,
            team_id=participant.team_id,
            team_name=team_name,
            status="finished" if _finished(participant, state) else "not_finished",
            has_identity=has_identity,
        )
        for participant, team_name, state, has_identity in hr_participants.roster(
            db, scope, campaign.id
        )
    ]


def _finished(participant: Participant, state: str | None) -> bool:
    return state == SessionState.COMPLETED and participant.withdrawn_at is None


def erase_participant(
    db: Session, actor: HRUser, scope: HRScope, campaign_id: int, participant_id: int
) -> ErasureRead:
    """Withdraw and erase: trials, answers, scores and identity deleted, links revoked."""
    campaign = load_campaign(db, scope, campaign_id)
    participant = hr_participants.get_participant(db, scope, campaign.id, participant_id)
    if participant is None:
        raise NotFound(
            N_("no participant {participant_id} in this campaign"), participant_id=participant_id
        )
    now = utc_now()
    counts = {"identity": hr_participants.delete_identity(db, participant.id)}
    session = hr_participants.get_session(db, participant.id)
    if session is not None:
        counts |= session_repo.erase_session_data(db, session.id)
        session.state, session.withdrawn_at = SessionState.WITHDRAWN, now
        session.plan = None  # blocks_done follows the erased receipts
    participant.withdrawn_at = now
    campaign_repo.revoke_invitations(db, participant.id, now)
    record_hr(
        db,
        actor,
        "participant.erase",
        organisation_id=campaign.organisation_id,
        target=("participant", participant.id),
        row_count=sum(counts.values()),
    )
    db.commit()
    return ErasureRead(participant_id=participant.id, counts=counts)
