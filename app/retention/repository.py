"""Retention queries: campaigns past their retention period, and what to purge in them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.db.models import (
    BlockUpload,
    Campaign,
    OutboxMessage,
    Participant,
    ParticipantIdentity,
    ParticipantSession,
    Trial,
)
from app.domain import CampaignState


def closed_campaigns(db: Session) -> Sequence[Campaign]:
    """Closed or archived campaigns with a closing time (retention runs from it)."""
    query = select(Campaign).where(
        Campaign.state.in_((CampaignState.CLOSED, CampaignState.ARCHIVED)),
        Campaign.closes_at.is_not(None),
    )
    return db.scalars(query).all()


def purge_campaign(db: Session, campaign_id: int) -> dict[str, int]:
    """Delete the campaign's identity rows, e-mails (addresses), raw trials and block
    receipts; return counts."""
    participants = select(Participant.id).where(Participant.campaign_id == campaign_id)
    sessions = select(ParticipantSession.id).where(
        ParticipantSession.participant_id.in_(participants)
    )
    counts = {}
    for name, statement in (
        (
            "identities",
            delete(ParticipantIdentity).where(ParticipantIdentity.participant_id.in_(participants)),
        ),
        ("emails", delete(OutboxMessage).where(OutboxMessage.campaign_id == campaign_id)),
        ("trials", delete(Trial).where(Trial.session_id.in_(sessions))),
        ("blocks", delete(BlockUpload).where(BlockUpload.session_id.in_(sessions))),
    ):
        counts[name] = int(db.execute(statement).rowcount or 0)  # type: ignore[attr-defined]
    return counts
