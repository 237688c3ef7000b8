"""The outbox as tests read it: decrypted bodies, the links in them, delivery faked."""

from __future__ import annotations

import re
from datetime import datetime

from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.db.models import Invitation, OutboxMessage, Participant, ParticipantSession
from app.domain import HRRole, MailState
from app.mail.outbox import MailBody, unseal
from tests.support.databases import TEST_SECRET_KEY
from tests.support.hr import login, make_campaign, make_team, make_user, organisation
from tests.support.participants import auth

LINK = re.compile(r"/p/([A-Za-z0-9_-]+)")


def messages(db: Session) -> list[OutboxMessage]:
    db.expire_all()
    return list(db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def body(message: OutboxMessage) -> MailBody:
    assert message.body_encrypted is not None
    return unseal(message.body_encrypted, TEST_SECRET_KEY)


def link_token(message: OutboxMessage) -> str:
    """The personal token in a message (the same in its text and HTML parts)."""
    content = body(message)
    text, html = LINK.findall(content.text), LINK.findall(content.html)
    assert len(set(text)) == 1 and set(text) == set(html), (text, html)
    return str(text[0])


def tokens_by_address(db: Session) -> dict[str, list[str]]:
    """The links mailed to each address (messages without a link left out)."""
    found: dict[str, list[str]] = {}
    for message in messages(db):
        if message.body_encrypted is not None and LINK.search(body(message).text):
            found.setdefault(message.to_address, []).append(link_token(message))
    return found


def mark_sent(db: Session, at: datetime) -> None:
    """What the delivery worker does when the relay accepts: sent, body erased."""
    db.execute(
        update(OutboxMessage)
        .where(OutboxMessage.state == MailState.QUEUED)
        .values(state=MailState.SENT, sent_at=at, body_encrypted=None)
    )
    db.commit()


PARTICIPANT = "/api/v1/participant"
PEOPLE = (
    "code,team,full_name,email\n"
    "a1,Support,Ann,a1@org.example\n"
    "d1,Support,Dan,d1@org.example\n"
    "w1,Support,Wes,w1@org.example\n"
    "f1,Support,Fay,f1@org.example\n"
    "x1,Support,Xavier,\n"
    "s1,Sales,Sam,s1@org.example\n"
)


def mail_campaign(client: TestClient, db: Session) -> int:
    """An open campaign of teams Support and Sales with six people (x1 has no address), its
    admin signed in."""
    make_user(db, "admin@a.example", HRRole.HR_ADMIN, organisation(db, "A").id)
    login(client, "admin@a.example")
    teams = [make_team(client, "Support"), make_team(client, "Sales")]
    campaign = make_campaign(client, team_ids=teams)
    response = client.post(
        f"/api/v1/hr/campaigns/{campaign}/participants/import",
        json={"csv": PEOPLE, "confirm": True},
    )
    assert response.status_code == 200 and response.json()["written"], response.text
    assert client.post(f"/api/v1/hr/campaigns/{campaign}/open").is_success
    return campaign


def participant_ids(db: Session) -> dict[str, int]:
    return {p.code: p.id for p in db.scalars(select(Participant))}


def mail_out(client: TestClient, campaign_id: int, **body: object) -> dict[str, int]:
    response = client.post(f"/api/v1/hr/campaigns/{campaign_id}/mailings", json=body)
    assert response.status_code == 202, response.text
    assert "/p/" not in response.text
    answer: dict[str, int] = response.json()
    return answer


def invitation_count(db: Session) -> int:
    return int(db.scalar(select(func.count()).select_from(Invitation)) or 0)


def refuse_and_finish(client: TestClient, db: Session, campaign_id: int) -> None:
    """Through their mailed links: d1 declines, w1 withdraws; f1 has finished."""
    tokens = {a.split("@")[0]: t[-1] for a, t in tokens_by_address(db).items()}
    refuse = {"language": "fr", "accept": False}
    declined = client.post(f"{PARTICIPANT}/consent", json=refuse, headers=auth(tokens["d1"]))
    assert declined.is_success
    accept = {"language": "fr", "accept": True}
    assert client.post(f"{PARTICIPANT}/consent", json=accept, headers=auth(tokens["w1"])).is_success
    assert client.post(f"{PARTICIPANT}/withdraw", headers=auth(tokens["w1"])).is_success
    assert client.get(f"{PARTICIPANT}/session", headers=auth(tokens["f1"])).is_success
    db.execute(
        update(ParticipantSession)
        .where(ParticipantSession.participant_id == participant_ids(db)["f1"])
        .values(state="completed")
    )
    db.commit()
