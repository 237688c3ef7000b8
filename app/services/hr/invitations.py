"""Personal invitation links (CSV) and team open links.

Tokens are stored only as SHA-256, so a link can be shown once: when it is minted. Asking
again mints new links and revokes the old ones, and the caller must confirm that.
"""

from __future__ import annotations

import csv
import io
import secrets

from sqlalchemy.orm import Session

from app.db.base import utc_now
from app.db.models import Campaign, HRUser, OpenLink, Participant
from app.domain import CampaignState, SessionState
from app.errors import Conflict, Gone, NotFound
from app.repositories import campaigns as campaign_repo
from app.repositories import hr_campaigns, hr_participants, hr_teams
from app.repositories import sessions as session_repo
from app.schemas.hr import OpenLinkRead
from app.security import new_pseudonym, new_token, token_hash
from app.services.hr.audit_log import record_hr
from app.services.hr.campaigns import load_campaign
from app.services.hr.scope import HRScope

CSV_COLUMNS = ("code", "team", "full_name", "email", "url")
_DONE = (SessionState.COMPLETED, SessionState.DECLINED, SessionState.WITHDRAWN)
_CLOSED = (CampaignState.CLOSED, CampaignState.ARCHIVED)


def participant_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/p/{token}"


def open_link_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/o/{token}"


def _cell(value: str | None) -> str:
    """Neutralise spreadsheet formulas (CSV injection) in free-text cells."""
    text = value or ""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def mint_invitations(
    db: Session,
    actor: HRUser,
    scope: HRScope,
    campaign_id: int,
    revoke_existing: bool,
    base_url: str,
) -> str:
    """A CSV of fresh personal links for everyone who has not finished; old links revoked.

    Raises Conflict when links were minted before and ``revoke_existing`` is false.
    """
    campaign = load_campaign(db, scope, campaign_id)
    if campaign.state in _CLOSED:
        raise Conflict(f"no links for a {campaign.state} campaign")
    if hr_participants.has_live_invitations(db, campaign.id) and not revoke_existing:
        raise Conflict(
            "links were already minted for this campaign: minting again revokes them; confirm"
        )
    now = utc_now()
    hr_participants.revoke_campaign_invitations(db, campaign.id, now)
    rows = _mint_rows(db, campaign, base_url)
    out = io.StringIO()
    csv.writer(out).writerows([list(CSV_COLUMNS), *rows])
    count = len(rows)
    record_hr(
        db,
        actor,
        "invitations.mint",
        organisation_id=campaign.organisation_id,
        target=("campaign", campaign.id),
        row_count=count,
    )
    db.commit()
    return out.getvalue()


def _mint_rows(db: Session, campaign: Campaign, base_url: str) -> list[list[str]]:
    roster = hr_participants.roster(db, campaign.id)
    identities = hr_participants.identities(db, [row[0].id for row in roster])
    rows = []
    for participant, team_name, state, _ in roster:
        if participant.withdrawn_at is not None or state in _DONE:
            continue
        token = new_token()
        campaign_repo.add_invitation(db, participant.id, token_hash(token))
        identity = identities.get(participant.id)
        name, email = (identity.full_name, identity.email) if identity else (None, None)
        cells = (participant.code, team_name, name, email)
        rows.append([*map(_cell, cells), participant_url(base_url, token)])
    return rows


def create_open_link(
    db: Session, actor: HRUser, scope: HRScope, campaign_id: int, team_id: int, base_url: str
) -> OpenLinkRead:
    """A team's open link (the previous one of that team is revoked); shown once."""
    campaign = load_campaign(db, scope, campaign_id)
    if campaign.state in _CLOSED:
        raise Conflict(f"no links for a {campaign.state} campaign")
    if hr_teams.get_team(db, campaign.organisation_id, team_id) is None:
        raise NotFound(f"no team {team_id} in this organisation")
    hr_campaigns.add_campaign_team(db, campaign.id, team_id)
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
        raise NotFound("unknown link")
    campaign = db.get(Campaign, link.campaign_id)
    if link.revoked_at is not None or campaign is None or campaign.state != CampaignState.OPEN:
        raise Gone("this link is no longer valid")
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
