"""Shared set-up for the research API tests: two organisations, tokens, real sessions.

Organisation A is the demo (sessions driven through the participant API like a browser);
organisation B has its own campaign and team. No test lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.campaigns import repository as campaign_repo
from app.config import Settings
from app.db.base import utc_now
from app.db.models import Campaign, Organisation
from app.domain import ApiScope, CampaignState
from app.organisations import repository as org_repo
from app.tokens.manage import issue_token
from tests.support.participants import (
    answer_questionnaire,
    auth,
    consent_and_start,
    demo_tokens,
    simulated_blocks,
)

ALL_SCOPES = tuple(ApiScope)
PARTICIPANT = "/api/v1/participant"


@dataclass
class World:
    campaign_a: int
    campaign_b: int
    team_b: int
    invitations: list[str] = field(default_factory=list)


def make_token(
    db: Session, organisation_id: int, scopes: tuple[ApiScope, ...] = ALL_SCOPES,
    expires_in: timedelta | None = timedelta(days=1), name: str = "test",
) -> str:  # fmt: skip
    _, secret = issue_token(
        db, organisation_id, name, scopes, utc_now() + expires_in if expires_in else None
    )
    db.commit()
    return secret


def organisation_id(db: Session, campaign_id: int) -> int:
    campaign = db.get(Campaign, campaign_id)
    assert campaign is not None
    return campaign.organisation_id


def build_world(db: Session, settings: Settings) -> World:
    invitations = demo_tokens(db, settings)
    campaign_a = db.scalars(select(Campaign)).one()
    other = org_repo.add_organisation(db, "Autre SA")
    team = org_repo.add_team(db, other.id, "Équipe B")
    campaign = Campaign(
        organisation_id=other.id, name="B", study_id=campaign_a.study_id,
        state=CampaignState.OPEN, opens_at=utc_now(),
    )  # fmt: skip
    campaign_repo.add_campaign(db, campaign, [team.id])
    db.commit()
    return World(campaign_a.id, campaign.id, team.id, invitations)


def run_iat(client: TestClient, token: str, seed: int, effect_ms: float = 80.0) -> None:
    """One participant through consent and all seven blocks (the timed test done)."""
    plan = consent_and_start(client, token)
    for index, payload in enumerate(simulated_blocks(plan, seed, effect_ms), 1):
        response = client.put(f"{PARTICIPANT}/blocks/{index}", json=payload, headers=auth(token))
        assert response.status_code == 200, response.text


def finish_with_questionnaire(client: TestClient, token: str, value: int = 4) -> None:
    answer_questionnaire(client, token, value)
    response = client.post(f"{PARTICIPANT}/finish", headers=auth(token))
    assert response.status_code == 200, response.text


def organisation_ids(db: Session) -> list[int]:
    return list(db.scalars(select(Organisation.id).order_by(Organisation.id)))


def close_campaign(db: Session, campaign_id: int) -> None:
    """Close the campaign as HR does (its rows are then published to the research API)."""
    campaign = db.get(Campaign, campaign_id)
    assert campaign is not None
    campaign.state, campaign.closes_at = CampaignState.CLOSED, utc_now()
    db.commit()


def set_policy(db: Session, campaign_id: int, **fields: object) -> None:
    """Change the demo campaign's locked policy straight in the database (test set-up only)."""
    campaign = db.get(Campaign, campaign_id)
    assert campaign is not None
    for name, value in fields.items():
        setattr(campaign, name, value)
    db.commit()
