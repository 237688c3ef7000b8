"""What HR sees of a campaign's e-mails: counts by state and each message's delivery (the
address, subject, state, attempts, the relay's last answer; never the body)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.campaigns.manage import load_campaign
from app.domain import MailState
from app.mail import outbox_repository as outbox_repo
from app.mail.outbox_repository import OutboxRow

PAGE_SIZE = 100


@dataclass(frozen=True)
class OutboxPage:
    campaign_id: int
    campaign_name: str
    counts: dict[str, int]
    state: MailState | None
    messages: Sequence[OutboxRow]
    total: int  # messages matching ``state``
    offset: int
    limit: int


def campaign_outbox(
    db: Session,
    scope: HRScope,
    campaign_id: int,
    *,
    state: MailState | None = None,
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> OutboxPage:
    """One page of the campaign's messages, newest first (NotFound outside the scope)."""
    campaign = load_campaign(db, scope, campaign_id)
    return OutboxPage(
        campaign_id=campaign.id,
        campaign_name=campaign.name,
        counts=outbox_repo.state_counts_of_campaign(db, campaign.id),
        state=state,
        messages=outbox_repo.campaign_messages(
            db, campaign.id, state=state, limit=limit, offset=offset
        ),
        total=outbox_repo.count_campaign_messages(db, campaign.id, state=state),
        offset=offset,
        limit=limit,
    )
