"""``iat demo``: an idempotent demo organisation with a running campaign (demo/test modes only).

Every run keeps the same organisation, teams and campaign, and mints fresh links for the
demo invitees who have not opened theirs yet (tokens are stored only as hashes, so old links
cannot be shown again). The links printed by earlier runs keep working: minting never revokes.
Unlike HR and the research API, the demo gives a second link to a (fictitious) person whose
first one is unopened; it never gives one to a person who opened theirs. In demo mode a first
wave, answered by simulated people and then closed, sits beside it: results are published only
when a campaign closes, so that is the populated dashboard ``make run`` opens on.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from app.campaigns import repository as campaign_repo
from app.config import Mode, Settings
from app.db.base import utc_now
from app.db.models import Campaign, Organisation, Participant, ParticipantIdentity, Team
from app.demo.people import ensure_hr_admin, simulate_teams
from app.demo.timeline import spread_over_days
from app.domain import ApiScope, CampaignState, IndividualResults
from app.errors import Forbidden
from app.i18n import N_
from app.instruments import repository as instrument_repo
from app.organisations import repository as org_repo
from app.participants import personal_links
from app.participants import repository as hr_participants
from app.participants.personal_links import participant_url
from app.security import new_pseudonym
from app.tokens import repository as research_tokens
from app.tokens.manage import issue_token
from iat.catalogue import load_builtin_study
from iat.questionnaire import load_builtin_questionnaire
from iat.study import study_document

DEMO_ORGANISATION = "Démo SA"
DEMO_TEAMS = ("Service client", "Opérations", "Finance")
DEMO_CAMPAIGN = "Baromètre culture client (démo)"
DEMO_FIRST_WAVE = "Baromètre culture client — vague 1, close (démo)"
INVITEES_PER_TEAM = 4
DEMO_TOKEN_NAME = "demo research token"


@dataclass(frozen=True)
class DemoInfo:
    """What ``iat demo`` prints and writes to ``var/demo.json``."""

    base_url: str
    organisation: str
    campaign: str
    invitation_urls: list[str] = field(default_factory=list)
    research_token: str = ""
    hr_email: str = ""
    hr_password: str = ""
    published_dashboard_url: str = ""  # the closed first wave's dashboard (demo mode)
    published_campaign_id: int | None = None  # the closed first wave (research API examples)


def _organisation(db: Session) -> Organisation:
    found = org_repo.get_organisation_by_name(db, DEMO_ORGANISATION)
    return found or org_repo.add_organisation(db, DEMO_ORGANISATION)


def _teams(db: Session, organisation_id: int) -> list[Team]:
    return [
        org_repo.get_team_by_name(db, organisation_id, name)
        or org_repo.add_team(db, organisation_id, name)
        for name in DEMO_TEAMS
    ]


def _campaign(
    db: Session, organisation_id: int, teams: list[Team], name: str = DEMO_CAMPAIGN
) -> Campaign:
    """The open demo campaign ``name`` (created open, its policy locked)."""
    found = campaign_repo.get_campaign_by_name(db, organisation_id, name)
    if found is not None:
        return found
    definition = load_builtin_study("default")
    study = instrument_repo.get_or_add_study(
        db, definition.id, definition.version, study_document(definition)
    )
    bank_definition = load_builtin_questionnaire("default")
    bank = instrument_repo.get_or_add_questionnaire_bank(
        db,
        bank_definition.name,
        bank_definition.version,
        bank_definition.model_dump(mode="json"),
    )
    now = utc_now()
    campaign = Campaign(
        organisation_id=organisation_id,
        name=name,
        study_id=study.id,
        questionnaire_bank_id=bank.id,
        languages=["fr", "en"],
        state=CampaignState.OPEN,
        opens_at=now,
        policy_locked_at=now,
        individual_results=IndividualResults.PSEUDONYMOUS,
        texts=DEMO_TEXTS,
        reminder_days=[3, 7],
    )
    return campaign_repo.add_campaign(db, campaign, [team.id for team in teams])


_CONTROLLER = "Démo SA, 1 rue de l'Exemple, 75000 Paris"
DEMO_TEXTS = {  # HR's words, one set per campaign language (app/campaigns/texts.py)
    "fr": {
        "controller": _CONTROLLER,
        "dpo_contact": "dpo@demo.example",
        "purpose": "Mesurer la culture client de l'organisation",
        "legal_basis": "Intérêt légitime (RGPD, art. 6-1-f)",
        "recipients": "L'équipe RH de Démo SA",
    },
    "en": {
        "controller": _CONTROLLER,
        "dpo_contact": "dpo@demo.example",
        "purpose": "Measure the organisation's customer culture",
        "legal_basis": "Legitimate interest (GDPR, Art. 6(1)(f))",
        "recipients": "Démo SA's HR team",
    },
}


def _invitee(db: Session, campaign_id: int, team: Team, number: int) -> Participant:
    code = f"demo-{team.id}-{number:02d}"
    found = campaign_repo.get_participant_by_code(db, campaign_id, code)
    participant = Participant(
        campaign_id=campaign_id, team_id=team.id, code=code, export_pseudonym=new_pseudonym()
    )
    return found or campaign_repo.add_participant(db, participant)


def _mint_links(db: Session, base_url: str, campaign_id: int, teams: list[Team]) -> list[str]:
    urls = []
    for team in teams:
        for number in range(1, INVITEES_PER_TEAM + 1):
            participant = _invitee(db, campaign_id, team, number)
            opened = campaign_repo.has_session(db, participant.id)
            if opened or participant.withdrawn_at is not None:
                continue
            token = personal_links.mint_link(db, participant.id)
            urls.append(participant_url(base_url, token))
            _demo_address(db, participant)
    return urls


def _demo_address(db: Session, participant: Participant) -> None:
    """An unused invitee's e-mail address, so the demo's mail-outs reach someone (the demo's
    SMTP catcher): ``<code>@demo.example``."""
    if hr_participants.get_identity(db, participant.id) is None:
        identity = ParticipantIdentity(
            participant_id=participant.id, email=f"{participant.code}@demo.example"
        )
        hr_participants.add_identity(db, identity)


def _research_token(db: Session, organisation_id: int) -> str:
    """A fresh research API token (scores:read, trials:read); older demo tokens are revoked."""
    research_tokens.revoke_named(db, organisation_id, DEMO_TOKEN_NAME, utc_now())
    scopes = (ApiScope.SCORES_READ, ApiScope.TRIALS_READ)
    expires_at = utc_now() + timedelta(days=30)
    return issue_token(db, organisation_id, DEMO_TOKEN_NAME, scopes, expires_at)[1]


def load_demo(db: Session, settings: Settings) -> DemoInfo:
    """Create or refresh the demo data in one transaction and write ``var/demo.json``."""
    if not settings.is_demo_like:
        raise Forbidden(N_("the demo exists only in IAT_MODE=demo or test"))
    organisation = _organisation(db)
    teams = _teams(db, organisation.id)
    campaign = _campaign(db, organisation.id, teams)
    urls = _mint_links(db, settings.base_url, campaign.id, teams)
    research_token = _research_token(db, organisation.id)
    hr = ensure_hr_admin(db, organisation.id)
    db.commit()
    dashboard, wave_id = "", None
    if settings.mode is Mode.DEMO:  # tests call load_first_wave themselves (it takes seconds)
        wave_id = load_first_wave(db, settings, organisation.id, teams).id
        dashboard = f"{settings.base_url.rstrip('/')}/hr/campaigns/{wave_id}/dashboard"
    info = DemoInfo(
        settings.base_url,
        organisation.name,
        campaign.name,
        urls,
        research_token,
        hr.email,
        hr.password,
        dashboard,
        wave_id,
    )
    write_demo_file(settings.var_dir / "demo.json", info)
    return info


def load_first_wave(
    db: Session, settings: Settings, organisation_id: int, teams: list[Team]
) -> Campaign:
    """The first wave: simulated people answer it while it is open, then it closes (its
    results are published). A wave already closed is left alone."""
    wave = _campaign(db, organisation_id, teams, DEMO_FIRST_WAVE)
    db.commit()
    if wave.state == CampaignState.OPEN:
        simulate_teams(db, settings, wave.id, teams)  # commits per simulated participant
        wave.state, wave.closes_at = CampaignState.CLOSED, utc_now()
        spread_over_days(db, wave, wave.closes_at)
        db.commit()
    return wave


def write_demo_file(path: Path, info: DemoInfo) -> None:
    """Write ``info`` as JSON, atomically (scripts may read it while we write)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(info), ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)
