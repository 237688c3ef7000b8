"""A questionnaire-only campaign: consent, then straight to the questionnaire, then completed."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.campaigns import repository as campaign_repo
from app.config import Settings
from app.db.base import utc_now
from app.db.models import Campaign, CampaignTeam, Score
from app.demo.organisation import load_demo
from app.domain import CampaignState
from tests.support.invitations import demo_campaign, invite
from tests.support.participants import answer_questionnaire, auth

API = "/api/v1/participant"


def _questionnaire_only_token(db: Session, settings: Settings) -> str:
    load_demo(db, settings)
    demo = demo_campaign(db)
    teams = list(
        db.scalars(select(CampaignTeam.team_id).where(CampaignTeam.campaign_id == demo.id))
    )
    campaign = Campaign(
        organisation_id=demo.organisation_id,
        name="Questionnaire only",
        study_id=None,
        questionnaire_bank_id=demo.questionnaire_bank_id,
        state=CampaignState.OPEN,
        opens_at=utc_now(),
        policy_locked_at=utc_now(),
    )
    campaign_repo.add_campaign(db, campaign, teams)
    db.commit()
    return invite(db, campaign)


def test_questionnaire_only_campaign(client: TestClient, db: Session, settings: Settings) -> None:
    token = _questionnaire_only_token(db, settings)
    status = client.get(f"{API}/session", headers=auth(token)).json()
    assert status["has_iat"] is False and status["next_step"] == "consent"
    consented = client.post(
        f"{API}/consent", json={"language": "fr", "accept": True}, headers=auth(token)
    ).json()
    assert consented["next_step"] == "questionnaire"
    start = client.post(f"{API}/start", json={"input_modality": "keyboard"}, headers=auth(token))
    assert start.status_code == 422  # no timed test in this campaign
    answer_questionnaire(client, token, value=3)
    finished = client.post(f"{API}/finish", headers=auth(token))
    assert finished.status_code == 200, finished.text
    assert finished.json() == {"state": "completed", "feedback": None}
    kinds = set(db.scalars(select(Score.kind)).all())
    assert kinds == {"questionnaire_subscale"}
