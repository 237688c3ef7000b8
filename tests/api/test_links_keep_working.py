"""A personal link keeps working until its person finishes (then it opens their end page:
their data, their withdrawal, until the retention purge), or the campaign closes for the
others. Replayed on the demo campaign: a person who finished, then the campaign closed."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.config import Settings
from app.db.base import utc_now
from app.db.models import Campaign
from tests.api.test_research_world import (
    PARTICIPANT,
    build_world,
    close_campaign,
    finish_with_questionnaire,
    run_iat,
)
from tests.support.participants import auth


def test_after_closing_a_finished_person_still_reaches_their_data_and_can_withdraw(
    client: TestClient, db: Session, settings: Settings
) -> None:
    world = build_world(db, settings)
    finished, started = world.invitations[:2]
    run_iat(client, finished, seed=1)
    finish_with_questionnaire(client, finished)
    run_iat(client, started, seed=2)
    close_campaign(db, world.campaign_a)
    end = client.get(f"{PARTICIPANT}/session", headers=auth(finished))
    assert end.status_code == 200 and end.json()["next_step"] == "end"
    assert client.get(f"{PARTICIPANT}/end", headers=auth(finished)).status_code == 200
    assert client.get(f"{PARTICIPANT}/data", headers=auth(finished)).status_code == 200
    assert client.get(f"/p/{finished}").status_code == 200
    for token in (started, world.invitations[2]):  # not finished: closed means closed
        assert client.get(f"{PARTICIPANT}/session", headers=auth(token)).status_code == 410
    plan = client.get(f"{PARTICIPANT}/plan", headers=auth(finished))
    assert plan.status_code in (200, 409)  # reading only; nothing can be added after closing
    assert client.post(f"{PARTICIPANT}/withdraw", headers=auth(finished)).status_code == 200


def test_a_finished_persons_link_ends_with_the_retention_period(
    client: TestClient, db: Session, settings: Settings
) -> None:
    world = build_world(db, settings)
    finished = world.invitations[0]
    run_iat(client, finished, seed=1)
    finish_with_questionnaire(client, finished)
    close_campaign(db, world.campaign_a)
    gone = utc_now() - timedelta(days=400)
    db.execute(
        update(Campaign)
        .where(Campaign.id == world.campaign_a)
        .values(opens_at=gone - timedelta(days=30), closes_at=gone, retention_days=365)
    )
    db.commit()
    assert client.get(f"{PARTICIPANT}/data", headers=auth(finished)).status_code == 410
