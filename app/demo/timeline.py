"""Spread the demo's first wave over the two weeks before it closed, so that the campaign
page's participation chart shows a campaign as it happens: links sent in two mail-outs, people
answering over the following days. The simulated sessions run in a few seconds; only their
dates are moved (each person's own offsets come from their code, so reruns agree)."""

from __future__ import annotations

import zlib
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Campaign, Invitation, Participant, ParticipantSession

WAVE_DAYS = 14


def spread_over_days(db: Session, campaign: Campaign, closed_at: datetime) -> None:
    """Date the wave's links, consents and completions within the ``WAVE_DAYS`` days before
    ``closed_at`` (not committed)."""
    opened = closed_at - timedelta(days=WAVE_DAYS)
    campaign.opens_at = campaign.policy_locked_at = opened
    query = (
        select(Participant, ParticipantSession)
        .join(ParticipantSession, ParticipantSession.participant_id == Participant.id)
        .where(Participant.campaign_id == campaign.id)
    )
    for participant, session in db.execute(query).tuples():
        draw = zlib.crc32(participant.code.encode())
        invited = opened + timedelta(days=(draw % 2) * 4, hours=9)
        answered = invited + timedelta(days=draw % 9, hours=(draw >> 4) % 8)
        for link in db.scalars(
            select(Invitation).where(Invitation.participant_id == participant.id)
        ):
            link.created_at = invited
            link.first_used_at = answered
        session.consented_at = session.started_at = answered
        session.completed_at = answered + timedelta(minutes=12)
