"""Participants, identities, invitations and open links, as HR manages them.

Every read of a participant starts from ``readable_participants(scope)``: the one statement of
whom a caller may see (HR admin and research token: their organisation's people; manager: the
people of their teams and the teams below them; see ``app.scope``). The research API adds its
own rules on top (``app.exports.research_repository``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, delete, false, func, not_, or_, select
from sqlalchemy.orm import Session

from app.db.models import (
    Campaign,
    Mailing,
    OpenLink,
    OutboxMessage,
    Participant,
    ParticipantIdentity,
    ParticipantSession,
    Team,
)
from app.db.revocation import revoke
from app.domain import MailAudience, MailKind, SessionState
from app.scope import Scope


def readable_participants(scope: Scope) -> Select[Participant]:
    """Participants of the scope's organisation's campaigns; for a manager, only those of their
    teams; none for a caller without an organisation (a 404 upstream, never a 403)."""
    if scope.organisation_id is None:
        return select(Participant).where(false())
    campaigns = select(Campaign.id).where(Campaign.organisation_id == scope.organisation_id)
    query = select(Participant).where(Participant.campaign_id.in_(campaigns))
    if scope.team_ids is not None:
        query = query.where(Participant.team_id.in_(scope.team_ids))
    return query


def participants_by_code(db: Session, scope: Scope, campaign_id: int) -> dict[str, Participant]:
    query = readable_participants(scope).where(Participant.campaign_id == campaign_id)
    return {p.code: p for p in db.scalars(query)}


def identities(db: Session, participant_ids: Sequence[int]) -> dict[int, ParticipantIdentity]:
    query = select(ParticipantIdentity).where(
        ParticipantIdentity.participant_id.in_(participant_ids)
    )
    return {identity.participant_id: identity for identity in db.scalars(query)}


def get_identity(db: Session, participant_id: int) -> ParticipantIdentity | None:
    return db.get(ParticipantIdentity, participant_id)


def add_identity(db: Session, identity: ParticipantIdentity) -> None:
    db.add(identity)
    db.flush()


def get_participant(
    db: Session, scope: Scope, campaign_id: int, participant_id: int
) -> Participant | None:
    """The participant of ``campaign_id`` if ``scope`` may read them, else None."""
    query = readable_participants(scope).where(
        Participant.id == participant_id, Participant.campaign_id == campaign_id
    )
    return db.scalars(query).one_or_none()


def roster(
    db: Session, scope: Scope, campaign_id: int
) -> list[tuple[Participant, str, str | None, bool]]:
    """(participant, team name, session state or None, has identity) of the people of
    ``campaign_id`` that ``scope`` may read, ordered by code."""
    has_identity = ParticipantIdentity.participant_id.is_not(None)
    query = (
        readable_participants(scope)
        .add_columns(Team.name, ParticipantSession.state, has_identity)
        .join(Team, Team.id == Participant.team_id)
        .outerjoin(ParticipantSession, ParticipantSession.participant_id == Participant.id)
        .outerjoin(ParticipantIdentity, ParticipantIdentity.participant_id == Participant.id)
        .where(Participant.campaign_id == campaign_id)
        .order_by(Participant.code)
    )
    return [(row[0], row[1], row[2], bool(row[3])) for row in db.execute(query)]


@dataclass(frozen=True)
class RosterRow:
    participant: Participant
    team_name: str
    finished: bool
    has_identity: bool
    full_name: str | None
    email: str | None
    invitation_emailed: bool


@dataclass(frozen=True)
class RosterWhere:
    """The roster's filters (None: no filter); ``search_identity``: ``q`` also matches names
    and e-mails (HR admins)."""

    q: str | None = None
    team_id: int | None = None
    finished: bool | None = None
    emailed: bool | None = None
    search_identity: bool = False


def _finished() -> ColumnElement[bool]:
    """Finished: the session completed and the person has not withdrawn. A missing session
    (never opened) compares as "" so that ``not finished`` selects it too (NULL would not)."""
    state = func.coalesce(ParticipantSession.state, "")
    return and_(state == SessionState.COMPLETED, Participant.withdrawn_at.is_(None))


# Mail-outs meant for everyone not yet invited or not finished: they skip only people without
# an address and people who declined or withdrew.
BROAD_AUDIENCES = (MailAudience.NOT_INVITED, MailAudience.NOT_COMPLETED)


def _invitation_emailed() -> ColumnElement[bool]:
    """An invitation e-mail was queued for the person; or they declined or withdrew, have an
    address, and a mail-out to everyone came after that (it skipped them because they
    refused: "not e-mailed" would then single them out among the people with an address)."""
    queued = (
        select(OutboxMessage.id)
        .where(
            OutboxMessage.participant_id == Participant.id,
            OutboxMessage.kind == MailKind.INVITATION,
        )
        .exists()
    )
    refused_at = func.coalesce(Participant.withdrawn_at, ParticipantSession.declined_at)
    skipped = (
        select(Mailing.id)
        .where(
            Mailing.campaign_id == Participant.campaign_id,
            Mailing.kind == MailKind.INVITATION,
            Mailing.audience.in_(BROAD_AUDIENCES),
            Mailing.created_at >= refused_at,
        )
        .exists()
    )
    return or_(queued, and_(ParticipantIdentity.email.is_not(None), skipped))


def _like(text: str) -> str:
    """``%text%`` with LIKE's wildcards taken literally (escape character ``\\``)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _roster_filtered(scope: Scope, campaign_id: int, where: RosterWhere) -> Select[Participant]:
    query = (
        readable_participants(scope)
        .join(Team, Team.id == Participant.team_id)
        .outerjoin(ParticipantSession, ParticipantSession.participant_id == Participant.id)
        .outerjoin(ParticipantIdentity, ParticipantIdentity.participant_id == Participant.id)
        .where(Participant.campaign_id == campaign_id)
    )
    if where.q:
        pattern = _like(where.q)
        columns = [Participant.code, ParticipantIdentity.full_name, ParticipantIdentity.email]
        searched = columns if where.search_identity else columns[:1]
        query = query.where(or_(*(c.ilike(pattern, escape="\\") for c in searched)))
    if where.team_id is not None:
        query = query.where(Participant.team_id == where.team_id)
    if where.finished is not None:
        query = query.where(_finished() if where.finished else not_(_finished()))
    if where.emailed is not None:
        emailed = _invitation_emailed()
        query = query.where(emailed if where.emailed else not_(emailed))
    return query


def roster_page(
    db: Session, scope: Scope, campaign_id: int, where: RosterWhere, limit: int, offset: int
) -> tuple[list[RosterRow], int]:
    """One page of the people of ``campaign_id`` that ``scope`` may read and ``where``
    selects, ordered by code, and how many it selects: filtered and paged in SQL."""
    filtered = _roster_filtered(scope, campaign_id, where)
    total = db.scalar(select(func.count()).select_from(filtered.subquery())) or 0
    query = filtered.add_columns(
        Team.name,
        _finished(),
        ParticipantIdentity.participant_id.is_not(None),
        ParticipantIdentity.full_name,
        ParticipantIdentity.email,
        _invitation_emailed(),
    ).order_by(Participant.code, Participant.id)
    rows = db.execute(query.limit(limit).offset(offset)).all()
    found = [RosterRow(r[0], r[1], bool(r[2]), bool(r[3]), r[4], r[5], bool(r[6])) for r in rows]
    return found, total


def get_session(db: Session, participant_id: int) -> ParticipantSession | None:
    query = select(ParticipantSession).where(ParticipantSession.participant_id == participant_id)
    return db.scalars(query).one_or_none()


def get_open_link_by_hash(db: Session, token_hash: str) -> OpenLink | None:
    query = select(OpenLink).where(OpenLink.token_hash == token_hash)
    return db.scalars(query).one_or_none()


def revoke_open_links(db: Session, campaign_id: int, team_id: int, now: datetime) -> None:
    revoke(db, OpenLink, now, OpenLink.campaign_id == campaign_id, OpenLink.team_id == team_id)


def add_open_link(db: Session, link: OpenLink) -> OpenLink:
    db.add(link)
    db.flush()
    return link


def delete_messages(db: Session, participant_id: int) -> int:
    """Delete the person's e-mails in the outbox (their address is identity data)."""
    statement = delete(OutboxMessage).where(OutboxMessage.participant_id == participant_id)
    return int(db.execute(statement).rowcount or 0)  # type: ignore[attr-defined]


def delete_identity(db: Session, participant_id: int) -> int:
    identity = db.get(ParticipantIdentity, participant_id)
    if identity is None:
        return 0
    db.delete(identity)
    db.flush()
    return 1
