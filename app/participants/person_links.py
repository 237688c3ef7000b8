"""One person's links: resend (a new link, the older ones keep working) and revoke.

A resent link is shown to HR once, so it is given only to a person who has not opened their
link (``app.participants.personal_links``: the same 409 for everyone who did). Revoking ends
every link of that person and no one else's.
"""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.audit.log import record_hr
from app.campaigns import repository as campaign_repo
from app.campaigns.manage import load_campaign
from app.db.base import utc_now
from app.db.models import Campaign, HRUser, Participant
from app.errors import NotFound
from app.i18n import N_
from app.participants import personal_links
from app.participants import repository as hr_participants


class ResentLink(BaseModel):
    """A new personal link, shown once."""

    participant_id: int
    code: str
    url: str


class RevokedLinks(BaseModel):
    participant_id: int
    revoked: int


def person_in_campaign(
    db: Session, scope: HRScope, campaign: Campaign, participant_id: int
) -> Participant:
    """The campaign's person within ``scope``'s reach; NotFound otherwise."""
    participant = hr_participants.get_participant(db, scope, campaign.id, participant_id)
    if participant is None:
        raise NotFound(
            N_("no participant {participant_id} in this campaign"), participant_id=participant_id
        )
    return participant


def resend_link(
    db: Session, actor: HRUser, scope: HRScope, campaign_id: int, participant_id: int,
    base_url: str,
) -> ResentLink:  # fmt: skip
    """A new link for a person who has not opened theirs; their older links keep working."""
    campaign = personal_links.campaign_for_links(db, scope, campaign_id)
    participant = person_in_campaign(db, scope, campaign, participant_id)
    withdrawn = participant.withdrawn_at is not None
    status = personal_links.person_status(db, participant.id, withdrawn)
    personal_links.refuse_if_opened(status)
    token = personal_links.mint_link(db, participant.id)
    record_hr(
        db,
        actor,
        "link.resend",
        organisation_id=campaign.organisation_id,
        target=("participant", participant.id),
    )
    db.commit()
    url = personal_links.participant_url(base_url, token)
    return ResentLink(participant_id=participant.id, code=participant.code, url=url)


def revoke_links(
    db: Session, actor: HRUser, scope: HRScope, campaign_id: int, participant_id: int
) -> RevokedLinks:
    """End every link of this person (nobody else's); their session and data stay."""
    campaign = load_campaign(db, scope, campaign_id)
    participant = person_in_campaign(db, scope, campaign, participant_id)
    live = campaign_repo.count_live_links(db, participant.id)
    campaign_repo.revoke_invitations(db, participant.id, utc_now())
    record_hr(
        db,
        actor,
        "link.revoke",
        organisation_id=campaign.organisation_id,
        target=("participant", participant.id),
        row_count=live,
    )
    db.commit()
    return RevokedLinks(participant_id=participant.id, revoked=live)
