"""Attack: a ``campaigns:write`` token mints a new link for someone who opened theirs and reads
their data. No route returns such a link, and the refusal does not say who refused; a person
who has not opened their link may be sent a new one (a resend: the older one keeps working)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.config import Settings
from app.db.models import Campaign, Invitation, Participant
from app.domain import ApiScope
from app.security import token_hash
from tests.api.test_research_world import (
    PARTICIPANT,
    build_world,
    close_campaign,
    finish_with_questionnaire,
    make_token,
    organisation_id,
    run_iat,
)
from tests.support.participants import auth

OPENED = {"error": "Conflict", "detail": "this person has already opened their link"}


def _invitee(db: Session, token: str) -> dict[str, object]:
    """The research API's name for the person behind ``token``: code and team."""
    participant = db.scalars(
        select(Participant)
        .join(Invitation, Invitation.participant_id == Participant.id)
        .where(Invitation.token_hash == token_hash(token))
    ).one()
    return {"team_id": participant.team_id, "code": participant.code}


def _invitation_count(db: Session) -> int:
    return int(db.scalar(select(func.count()).select_from(Invitation)) or 0)


def _writer(db: Session, campaign_id: int) -> dict[str, str]:
    return auth(make_token(db, organisation_id(db, campaign_id), (ApiScope.CAMPAIGNS_WRITE,)))


def test_campaigns_write_token_cannot_mint_a_link_to_read_a_finished_persons_data(
    client: TestClient, db: Session, settings: Settings
) -> None:
    world = build_world(db, settings)
    db.execute(update(Campaign).values(individual_results="none"))
    db.commit()
    own = world.invitations[0]
    run_iat(client, own, seed=1)
    finish_with_questionnaire(client, own)
    url = f"/api/v1/campaigns/{world.campaign_a}/invitations"
    before = _invitation_count(db)
    stolen = client.post(
        url, json={"invitees": [_invitee(db, own)]}, headers=_writer(db, world.campaign_a)
    )
    assert stolen.status_code == 409, stolen.text
    assert stolen.json() == OPENED
    assert "token" not in stolen.text and _invitation_count(db) == before
    assert client.get(f"{PARTICIPANT}/data", headers=auth(own)).status_code == 200


def test_refusal_to_mint_is_the_same_for_finished_declined_withdrawn_and_just_opened(
    client: TestClient, db: Session, settings: Settings
) -> None:
    world = build_world(db, settings)
    finished, declined, withdrawn, opened, unopened = world.invitations[:5]
    run_iat(client, finished, seed=1)
    finish_with_questionnaire(client, finished)
    refuse = {"language": "fr", "accept": False}
    assert client.post(f"{PARTICIPANT}/consent", json=refuse, headers=auth(declined)).is_success
    run_iat(client, withdrawn, seed=2)
    assert client.post(f"{PARTICIPANT}/withdraw", headers=auth(withdrawn)).is_success
    assert client.get(f"{PARTICIPANT}/session", headers=auth(opened)).is_success
    url = f"/api/v1/campaigns/{world.campaign_a}/invitations"
    headers = _writer(db, world.campaign_a)
    before = _invitation_count(db)
    answers = [
        client.post(url, json={"invitees": [_invitee(db, token)]}, headers=headers)
        for token in (finished, declined, withdrawn, opened)
    ]
    assert [(a.status_code, a.json()) for a in answers] == [(409, OPENED)] * 4
    team = _invitee(db, unopened)["team_id"]
    together = [{"team_id": team, "code": "r-new"}, _invitee(db, declined)]
    batch = client.post(url, json={"invitees": together}, headers=headers)
    assert batch.status_code == 409 and batch.json()["detail"].endswith(OPENED["detail"])
    assert batch.json()["detail"].startswith("invitees[1] ")
    assert db.scalars(select(Participant).where(Participant.code == "r-new")).first() is None
    assert _invitation_count(db) == before  # nothing written, no link revoked
    again = client.post(url, json={"invitees": [_invitee(db, unopened)]}, headers=headers)
    assert again.status_code == 201, again.text  # not opened yet: a resend
    resent = again.json()["invitations"][0]["token"]
    assert resent != unopened and _invitation_count(db) == before + 1
    for token in (unopened, resent):  # the older link keeps working beside the new one
        assert client.get(f"{PARTICIPANT}/session", headers=auth(token)).status_code == 200
    opened_now = client.post(url, json={"invitees": [_invitee(db, unopened)]}, headers=headers)
    assert (opened_now.status_code, opened_now.json()) == (409, OPENED)
    fresh = client.post(url, json={"invitees": [{"team_id": team, "code": "r-9"}]}, headers=headers)
    assert fresh.status_code == 201 and fresh.json()["invitations"][0]["code"] == "r-9"


def test_research_sessions_do_not_tell_hr_who_declined_or_only_opened_the_link(
    client: TestClient, db: Session, settings: Settings
) -> None:
    """An HR admin issues research tokens: a declined (or merely opened) session listed per
    team, beside the roster's "not finished", would name the person who refused. Only people
    who agreed to take part are research data."""
    world = build_world(db, settings)
    agreed, declined, opened = world.invitations[:3]
    run_iat(client, agreed, seed=1)
    refuse = {"language": "fr", "accept": False}
    assert client.post(f"{PARTICIPANT}/consent", json=refuse, headers=auth(declined)).is_success
    assert client.get(f"{PARTICIPANT}/session", headers=auth(opened)).is_success
    close_campaign(db, world.campaign_a)  # rows are published when the campaign closes
    reader = auth(make_token(db, organisation_id(db, world.campaign_a)))
    listed = client.get(f"/api/v1/sessions?campaign_id={world.campaign_a}", headers=reader)
    assert listed.status_code == 200
    assert [item["state"] for item in listed.json()["items"]] == ["in_progress"]
    for state in ("declined", "invited"):
        filtered = client.get(f"/api/v1/sessions?state={state}", headers=reader)
        assert filtered.status_code == 200 and filtered.json()["items"] == []
