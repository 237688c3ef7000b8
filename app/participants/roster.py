"""The campaign roster, and erasure of one participant on request (GDPR Art. 17)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.audit.log import record_hr
from app.campaigns import repository as campaign_repo
from app.campaigns.manage import load_campaign
from app.db.base import utc_now
from app.db.models import HRUser
from app.domain import HRRole, SessionState
from app.participants import repository as hr_participants
from app.participants.person_links import person_in_campaign
from app.participants.repository import RosterRow
from app.participants.schemas import ErasureRead, ParticipantRead, RosterPage, RosterQuery
from app.sessions import repository as session_repo


def list_participants(
    db: Session, scope: HRScope, campaign_id: int, query: RosterQuery | None = None
) -> RosterPage:
    """A page of the roster: codes, teams, finished or not and whether an invitation was
    e-mailed; names and e-mails for HR admins when the campaign stores them (no scores: those
    are in exports). Declined and withdrawn people read "not finished", like those who never
    opened their link, and ``finished=false`` selects them all alike."""
    campaign = load_campaign(db, scope, campaign_id)
    query = query or RosterQuery()
    names = scope.role is HRRole.HR_ADMIN
    where = hr_participants.RosterWhere(
        q=query.q,
        team_id=query.team_id,
        finished=query.finished,
        emailed=query.emailed,
        search_identity=names,
    )
    rows, total = hr_participants.roster_page(
        db, scope, campaign.id, where, query.limit, query.offset
    )
    return RosterPage(items=[_read(row, names) for row in rows], total=total)


def _read(row: RosterRow, names: bool) -> ParticipantRead:
    return ParticipantRead(
        id=row.participant.id,
        code=row.participant.code,
        team_id=row.participant.team_id,
        team_name=row.team_name,
        status="finished" if row.finished else "not_finished",
        has_identity=row.has_identity,
        full_name=row.full_name if names else None,
        email=row.email if names else None,
        invitation_emailed=row.invitation_emailed,
    )


def erase_participant(
    db: Session, actor: HRUser, scope: HRScope, campaign_id: int, participant_id: int
) -> ErasureRead:
    """Withdraw and erase: trials, answers, scores and identity deleted, links revoked."""
    campaign = load_campaign(db, scope, campaign_id)
    participant = person_in_campaign(db, scope, campaign, participant_id)
    now = utc_now()
    counts = {"identity": hr_participants.delete_identity(db, participant.id)}
    hr_participants.delete_messages(db, participant.id)  # their address, in the outbox
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
