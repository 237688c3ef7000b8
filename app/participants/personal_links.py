"""Who may be given a new personal link: the one rule every route that mints links follows.

A link is a key to its holder's data (``/api/v1/participant/data``), so no route returns to its
caller a new link for a person who has opened theirs (they have a session: consent page seen,
consented, started, finished, declined or withdrawn alike) or who withdrew. Naming such a
person gets one answer, the same whatever happened after the opening, so it does not tell who
refused. Bulk minting gives links only to people who have none (late joiners); resending one
person's link (``app.participants.person_links``) gives a new one to a person who has not
opened theirs, and the older ones keep working. Minting never revokes a link already sent;
HR revokes one person's links. An e-mail to the person's own address carries a fresh link
minted for that message only (``app.mail``), also to resume a session not finished.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.campaigns import repository as campaign_repo
from app.campaigns.manage import load_campaign, state_word
from app.db.models import Campaign
from app.domain import CampaignState
from app.errors import Conflict
from app.i18n import N_
from app.security import new_token, token_hash

OPENED_DETAIL = N_("this person has already opened their link")


class LinkStatus(StrEnum):
    NO_LINK = "no_link"  # may be given a link
    HAS_LINK = "has_link"  # a live link, not opened yet
    OPENED = "opened"  # opened a link, or withdrew


def participant_url(base_url: str, token: str) -> str:
    """The personal link a participant opens (the only place its address is written)."""
    return f"{base_url.rstrip('/')}/p/{token}"


def open_link_url(base_url: str, token: str) -> str:
    """A team's open link: each browser that opens it becomes a pseudonymous participant."""
    return f"{base_url.rstrip('/')}/o/{token}"


@dataclass(frozen=True)
class CampaignLinks:
    """Who in a campaign opened a link or holds a live one (read once per mint)."""

    opened: frozenset[int]
    live: frozenset[int]

    def status(self, participant_id: int) -> LinkStatus:
        if participant_id in self.opened:
            return LinkStatus.OPENED
        return LinkStatus.HAS_LINK if participant_id in self.live else LinkStatus.NO_LINK


def campaign_links(db: Session, campaign_id: int) -> CampaignLinks:
    return CampaignLinks(
        opened=frozenset(campaign_repo.opened_participant_ids(db, campaign_id)),
        live=frozenset(campaign_repo.participant_ids_with_live_link(db, campaign_id)),
    )


def person_status(db: Session, participant_id: int, withdrawn: bool) -> LinkStatus:
    """One person's ``LinkStatus`` (``withdrawn``: the participant's ``withdrawn_at`` is set)."""
    if withdrawn or campaign_repo.has_session(db, participant_id):
        return LinkStatus.OPENED
    live = campaign_repo.count_live_links(db, participant_id) > 0
    return LinkStatus.HAS_LINK if live else LinkStatus.NO_LINK


def refuse_if_opened(status: LinkStatus, where: str = "") -> None:
    """Raise Conflict, with the one answer for all of them, for a person who opened their link
    (consent page seen, started, finished, declined or withdrawn alike)."""
    if status is LinkStatus.OPENED:
        raise Conflict(where + OPENED_DETAIL)


def mint_link(db: Session, participant_id: int) -> str:
    """A new live link for the participant (only its hash is stored); returns the token."""
    token = new_token()
    campaign_repo.add_invitation(db, participant_id, token_hash(token))
    return token


def campaign_for_links(db: Session, scope: HRScope, campaign_id: int) -> Campaign:
    """The campaign within ``scope``'s reach, refused (Conflict) once it is closed or
    archived: a closed campaign hands out no new link of any kind."""
    campaign = load_campaign(db, scope, campaign_id)
    if campaign.state in (CampaignState.CLOSED, CampaignState.ARCHIVED):
        raise Conflict(N_("no links for a {state} campaign"), state=state_word(campaign.state))
    return campaign
