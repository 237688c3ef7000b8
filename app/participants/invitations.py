"""Personal invitation links (CSV) and team open links.

Tokens are stored only as SHA-256, so a link can be shown once: when it is minted. Minting
gives links to the people who have none yet and never revokes one: people who opened their
link are skipped (``skipped_started``), and so are those whose link is live and not opened yet
(``skipped_has_link``); see ``app.participants.personal_links``.
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.audit.log import record_hr
from app.campaigns import repository as campaign_repo
from app.db.base import utc_now
from app.db.models import Campaign, HRUser, OpenLink, Participant
from app.domain import CampaignState, SessionState
from app.errors import Gone, NotFound
from app.exports.csv_cells import neutralise
from app.i18n import N_
from app.organisations import teams_repository as hr_teams
from app.participants import personal_links
from app.participants import repository as hr_participants
from app.participants.personal_links import (
    CampaignLinks,
    LinkStatus,
    open_link_url,
    participant_url,
)
from app.participants.schemas import OpenLinkRead
from app.security import new_pseudonym, new_token, token_hash
from app.sessions import repository as session_repo

_DONE = (SessionState.COMPLETED, SessionState.DECLINED, SessionState.WITHDRAWN)


def _cell(value: str | None) -> str:
    """A free-text cell of the links file, formulas neutralised (``app.exports.csv_cells``)."""
    return neutralise(value or "")


@dataclass(frozen=True)
class MintedLinks:
    """The new links (rows of ``LINK_COLUMNS``, written in any export format by
    ``app.exports.files.links_file``) and how many people got none (counts only: who opened
    their link is not listed, so the answer does not point at who refused)."""

    rows: list[list[str]]
    minted: int
    skipped_started: int
    skipped_has_link: int


def mint_invitations(
    db: Session, actor: HRUser, scope: HRScope, campaign_id: int, base_url: str
) -> MintedLinks:
    """New personal links for the campaign's people who have none; nobody's link is revoked."""
    campaign = personal_links.campaign_for_links(db, scope, campaign_id)
    links = personal_links.campaign_links(db, campaign.id)
    rows, skipped = _mint_rows(db, scope, campaign, links, base_url)
    record_hr(
        db,
        actor,
        "invitations.mint",
        organisation_id=campaign.organisation_id,
        target=("campaign", campaign.id),
        row_count=len(rows),
    )
    db.commit()
    return MintedLinks(rows, len(rows), skipped[LinkStatus.OPENED], skipped[LinkStatus.HAS_LINK])


def _mint_rows(
    db: Session, scope: HRScope, campaign: Campaign, links: CampaignLinks, base_url: str
) -> tuple[list[list[str]], Counter[LinkStatus]]:
    roster = hr_participants.roster(db, scope, campaign.id)
    identities = hr_participants.identities(db, [row[0].id for row in roster])
    rows, skipped = [], Counter[LinkStatus]()
    for participant, team_name, _state, _ in roster:
        status = links.status(participant.id)
        if status is not LinkStatus.NO_LINK:
            skipped[status] += 1
            continue
        token = personal_links.mint_link(db, participant.id)
        identity = identities.get(participant.id)
        name, email = (identity.full_name, identity.email) if identity else (None, None)
        cells = (participant.code, team_name, name, email)
        rows.append([*map(_cell, cells), participant_url(base_url, token)])
    return rows, skipped


def create_open_link(
    db: Session, actor: HRUser, scope: HRScope, campaign_id: int, team_id: int, base_url: str
) -> OpenLinkRead:
    """A team's open link (the previous one of that team is revoked); shown once."""
    campaign = personal_links.campaign_for_links(db, scope, campaign_id)
    if hr_teams.get_team(db, scope, team_id) is None:
        raise NotFound(N_("no team {team_id} in this organisation"), team_id=team_id)
    campaign_repo.add_campaign_team(db, campaign.id, team_id)
    hr_participants.revoke_open_links(db, campaign.id, team_id, utc_now())
    token = new_token()
    link = OpenLink(campaign_id=campaign.id, team_id=team_id, token_hash=token_hash(token))
    hr_participants.add_open_link(db, link)
    record_hr(
        db,
        actor,
        "open_link.create",
        organisation_id=campaign.organisation_id,
        target=("team", team_id),
    )
    db.commit()
    return OpenLinkRead(team_id=team_id, url=open_link_url(base_url, token))


def _unfinished(db: Session, link: OpenLink, personal: str) -> bool:
    """Whether ``personal`` is a live link that this open link minted (same campaign and
    team) and whose participant has not finished, declined or withdrawn."""
    found = session_repo.find_by_token_hash(db, token_hash(personal))
    if found is None:
        return False
    invitation, participant, _campaign, session = found
    return (
        invitation.revoked_at is None
        and participant.campaign_id == link.campaign_id
        and participant.team_id == link.team_id
        and participant.code.startswith("open-")
        and (session is None or session.state not in _DONE)
    )


def follow_open_link(db: Session, token: str, remembered: str | None = None) -> str:
    """The personal token for a visit of an open link: ``remembered`` (the one this browser
    was given before) while its participant has not finished, so a reload or a second visit
    resumes instead of counting a new participant; otherwise a new pseudonymous participant
    of the link's team.

    Raises NotFound for an unknown link, Gone for a revoked one or a campaign not open.
    """
    link = hr_participants.get_open_link_by_hash(db, token_hash(token))
    if link is None:
        raise NotFound(N_("unknown link"))
    campaign = db.get(Campaign, link.campaign_id)
    if link.revoked_at is not None or campaign is None or campaign.state != CampaignState.OPEN:
        raise Gone(N_("this link is no longer valid"))
    if remembered and _unfinished(db, link, remembered):
        return remembered
    participant = campaign_repo.add_participant(
        db,
        Participant(
            campaign_id=campaign.id,
            team_id=link.team_id,
            code=f"open-{secrets.token_hex(6)}",
            export_pseudonym=new_pseudonym(),
            via_open_link=True,
        ),
    )
    personal = new_token()
    campaign_repo.add_invitation(db, participant.id, token_hash(personal))
    db.commit()
    return personal
