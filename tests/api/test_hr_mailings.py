"""Mail-outs through the HR API, tried as a careless HR user or a curious one would: who is
mailed, that every mailed link works, that ``skipped`` does not tell who refused, that a
manager cannot mail other teams, that nothing is mailed outside an open campaign."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.accounts import repository as hr_users
from app.db.models import Campaign, OutboxMessage, Participant
from app.domain import HRRole, MailState
from app.mail.recipients import message_still_wanted
from tests.support.hr import login, make_user, organisation, unlink_team_tree
from tests.support.mail import (
    body,
    invitation_count,
    link_token,
    mail_campaign,
    mail_out,
    messages,
    participant_ids,
    refuse_and_finish,
    tokens_by_address,
)
from tests.support.participants import auth

PARTICIPANT = "/api/v1/participant"


@pytest.fixture
def campaign_id(client: TestClient, db: Session) -> Iterator[int]:
    yield mail_campaign(client, db)
    unlink_team_tree(db)


def test_invitation_reaches_every_addressed_person_once_with_a_working_link(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    first = mail_out(client, campaign_id, kind="invitation", audience="not_invited")
    assert (first["queued"], first["skipped"]) == (5, 1)  # x1 has no address
    sent = messages(db)
    assert sorted(m.to_address for m in sent) == sorted(
        f"{c}@org.example" for c in ("a1", "d1", "w1", "f1", "s1")
    )
    for message in sent:
        assert message.kind == "invitation" and message.state == MailState.QUEUED
        token = link_token(message)
        opened = client.get(f"{PARTICIPANT}/session", headers=auth(token))
        assert opened.status_code == 200, (message.to_address, opened.text)
    again = mail_out(client, campaign_id, kind="invitation", audience="not_invited")
    assert (again["queued"], again["skipped"]) == (0, 1)
    assert len(messages(db)) == 5


def test_skipped_does_not_tell_who_refused_from_who_has_no_address(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    mail_out(client, campaign_id, kind="invitation", audience="not_invited")
    refuse_and_finish(client, db, campaign_id)
    ids, before = participant_ids(db), len(messages(db))
    answers = []
    for code in ("d1", "w1", "x1"):
        answer = mail_out(
            client,
            campaign_id,
            kind="reminder",
            audience="participant_ids",
            participant_ids=[ids[code]],
        )
        answers.append({k: v for k, v in answer.items() if k != "mailing_id"})
    assert answers == [{"queued": 0, "skipped": 1}] * 3
    assert len(messages(db)) == before  # nobody who refused is mailed
    everyone = mail_out(client, campaign_id, kind="reminder", audience="not_completed")
    # Not finished: a1, s1 (mailed), d1, w1, x1 (skipped, one count); f1 finished.
    assert (everyone["queued"], everyone["skipped"]) == (2, 3)
    reminded = {m.to_address for m in messages(db)[before:]}
    assert reminded == {"a1@org.example", "s1@org.example"}


def test_reminder_link_resumes_a_started_session_and_old_links_keep_working(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    mail_out(client, campaign_id, kind="invitation", audience="not_invited")
    first = tokens_by_address(db)["a1@org.example"][0]
    accept = {"language": "fr", "accept": True}
    assert client.post(f"{PARTICIPANT}/consent", json=accept, headers=auth(first)).is_success
    mail_out(client, campaign_id, kind="reminder", audience="not_completed")
    old, new = tokens_by_address(db)["a1@org.example"]
    assert old != new
    for token in (old, new):
        session = client.get(f"{PARTICIPANT}/session", headers=auth(token))
        assert session.status_code == 200 and session.json()["state"] == "consented"


def test_a_manager_cannot_mail_people_of_other_teams(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    reminded = mail_out(client, campaign_id, kind="reminder", audience="not_completed")
    sales = db.scalars(select(Participant).where(Participant.code == "s1")).one().team_id
    manager = make_user(db, "boss@a.example", HRRole.MANAGER, organisation(db, "A").id)
    hr_users.set_manager_teams(db, manager.id, [sales])
    db.commit()
    login(client, "boss@a.example")
    ids = participant_ids(db)
    url = f"/api/v1/hr/campaigns/{campaign_id}/mailings"
    assert client.get(url).json() == []  # the admin's mail-out counts people of other teams
    db.execute(delete(OutboxMessage).where(OutboxMessage.mailing_id == reminded["mailing_id"]))
    db.commit()
    other = {"kind": "invitation", "audience": "participant_ids", "participant_ids": [ids["a1"]]}
    refused = client.post(url, json=other)
    assert refused.status_code == 404 and messages(db) == []
    mixed = other | {"participant_ids": [ids["s1"], ids["a1"]]}
    assert client.post(url, json=mixed).status_code == 404 and messages(db) == []
    mine = mail_out(client, campaign_id, kind="invitation", audience="not_invited")
    assert (mine["queued"], mine["skipped"]) == (1, 0)
    assert [m.to_address for m in messages(db)] == ["s1@org.example"]
    resend = client.post(f"/api/v1/hr/campaigns/{campaign_id}/participants/{ids['s1']}/links")
    assert resend.status_code == 403
    assert [m["id"] for m in client.get(url).json()] == [mine["mailing_id"]]


def test_nothing_is_mailed_outside_an_open_campaign(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    url = f"/api/v1/hr/campaigns/{campaign_id}/mailings"
    body_ = {"kind": "invitation", "audience": "not_invited"}
    db.execute(update(Campaign).values(state="draft"))
    db.commit()
    draft = client.post(url, json=body_)
    assert draft.status_code == 409 and "open" in draft.json()["detail"]
    db.execute(update(Campaign).values(state="closed"))
    db.commit()
    closed = client.post(url, json=body_)
    assert closed.status_code == 409 and "closed" in closed.json()["detail"]
    assert messages(db) == [] and invitation_count(db) == 0
    assert client.get(url).json() == []


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": "invitation", "audience": "participant_ids"},
        {"kind": "invitation", "audience": "not_invited", "participant_ids": [1]},
        {"kind": "test", "audience": "not_invited"},
        {"kind": "invitation", "audience": "scheduled"},
        {"kind": "invitation", "audience": "participant_ids", "participant_ids": [2**63]},
    ],
)
def test_bad_mailing_requests_are_refused_without_writing(
    client: TestClient, db: Session, campaign_id: int, bad: dict[str, object]
) -> None:
    response = client.post(f"/api/v1/hr/campaigns/{campaign_id}/mailings", json=bad)
    assert response.status_code == 422, response.text
    assert (
        messages(db) == []
        and client.get(f"/api/v1/hr/campaigns/{campaign_id}/mailings").json() == []
    )


def test_mailings_list_their_messages_by_delivery_state(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    created = mail_out(client, campaign_id, kind="invitation", audience="not_invited")
    first, second = messages(db)[:2]
    db.execute(update(OutboxMessage).where(OutboxMessage.id == first.id).values(state="sent"))
    db.execute(update(OutboxMessage).where(OutboxMessage.id == second.id).values(state="bounced"))
    db.commit()
    listed = client.get(f"/api/v1/hr/campaigns/{campaign_id}/mailings")
    assert listed.status_code == 200
    (mailing,) = listed.json()
    assert mailing["id"] == created["mailing_id"]
    assert (mailing["kind"], mailing["audience"], mailing["queued"]) == (
        "invitation",
        "not_invited",
        5,
    )
    assert mailing["states"] == {"queued": 3, "sent": 1, "failed": 0, "bounced": 1}
    events = [e["action"] for e in client.get("/api/v1/hr/audit").json()]
    assert "mailing.invitation" in events


def test_test_message_goes_to_the_hr_user_only_with_a_link_that_does_not_work(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    response = client.post(
        f"/api/v1/hr/campaigns/{campaign_id}/mailings/test",
        json={"template": "reminder", "language": "en"},
    )
    assert response.status_code == 202, response.text
    (message,) = messages(db)
    assert (message.to_address, message.kind, message.participant_id) == (
        "admin@a.example",
        "test",
        None,
    )
    assert message.subject.startswith("[Test]") and "TEST MESSAGE" in body(message).text
    token = link_token(message)
    assert client.get(f"{PARTICIPANT}/session", headers=auth(token)).status_code == 404
    assert invitation_count(db) == 0
    (mailing,) = client.get(f"/api/v1/hr/campaigns/{campaign_id}/mailings").json()
    assert (mailing["kind"], mailing["audience"]) == ("test", "self")
    bad = client.post(f"/api/v1/hr/campaigns/{campaign_id}/mailings/test", json={"language": "de"})
    assert bad.status_code == 422


def test_messages_are_in_the_persons_language_with_hr_texts_escaped_and_no_score(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    campaign = db.get(Campaign, campaign_id)
    assert campaign is not None
    mail_texts = {"invitation_subject": "Join us <now>", "invitation_body": "Dear <b>you</b>"}
    texts = {**campaign.texts, "en": {**campaign.texts.get("en", {}), **mail_texts}}
    db.execute(update(Campaign).values(texts=texts))
    db.execute(update(Participant).where(Participant.code == "a1").values(language="en"))
    db.execute(update(Participant).where(Participant.code == "d1").values(language="de"))
    db.commit()
    mail_out(client, campaign_id, kind="invitation", audience="not_invited")
    by_address = {m.to_address: m for m in messages(db)}
    english, french = by_address["a1@org.example"], by_address["d1@org.example"]
    assert (english.language, english.subject) == ("en", "Join us <now>")
    assert (
        "Dear &lt;b&gt;you&lt;/b&gt;" in body(english).html and "<b>you" not in body(english).html
    )
    assert "Dear <b>you</b>" in body(english).text
    assert (french.language, french.subject) == ("fr", "Invitation : Baromètre 2026")
    assert "dpo@org.example" in body(french).text and "Votre lien personnel" in body(french).text
    for message in (english, french):
        content = body(message).text + body(message).html
        assert "score" not in content.lower() and " D " not in content


def test_campaign_page_mail_out_and_test_message(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    csrf, page = client.headers["X-CSRF-Token"], f"/hr/campaigns/{campaign_id}"
    form = {"csrf_token": csrf, "kind": "invitation", "audience": "not_invited"}
    sent = client.post(f"{page}/mailings", data=form)
    assert sent.status_code == 200 and 'role="status"' in sent.text
    assert "5 e-mail(s)" in sent.text and "/p/" not in sent.text
    assert sent.text.count('class="mailing-row"') == 1
    test = client.post(f"{page}/mailings/test", data={"csrf_token": csrf, "language": "fr"})
    assert test.status_code == 200 and "admin@a.example" in test.text
    bad = client.post(f"{page}/mailings", data=form | {"audience": "everyone"})
    assert bad.status_code == 422 and 'class="mailing-row"' in bad.text
    assert len(messages(db)) == 6


def test_pointing_a_started_persons_address_at_oneself_yields_no_link(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    """HR re-imports a person who started with HR's own address, then sends a reminder: the
    message reaches HR without a link (a fresh link goes only to an address the person was
    mailed at before opening theirs)."""
    mail_out(client, campaign_id, kind="invitation", audience="not_invited")
    first = tokens_by_address(db)["a1@org.example"][0]
    accept = {"language": "fr", "accept": True}
    assert client.post(f"{PARTICIPANT}/consent", json=accept, headers=auth(first)).is_success
    imported = client.post(
        f"/api/v1/hr/campaigns/{campaign_id}/participants/import",
        json={"csv": "code,team,email\na1,Support,admin@a.example\n", "confirm": True},
    )
    assert imported.status_code == 200 and imported.json()["written"], imported.text
    links_before = invitation_count(db)
    mail_out(client, campaign_id, kind="reminder", audience="not_completed")
    (to_hr,) = [m for m in messages(db) if m.to_address == "admin@a.example"]
    content = body(to_hr)
    assert "/p/" not in content.text + content.html
    assert "lien personnel que vous avez reçu" in content.text
    # Not opened yet: the others' reminders carry links (d1, w1, f1, s1), a1 got none.
    assert invitation_count(db) == links_before + 4


def test_messages_queued_before_a_refusal_or_an_erasure_are_no_longer_wanted(
    client: TestClient, db: Session, campaign_id: int
) -> None:
    mail_out(client, campaign_id, kind="invitation", audience="not_invited")
    refuse_and_finish(client, db, campaign_id)  # d1 declined, w1 withdrew, f1 finished
    ids = participant_ids(db)
    erased = client.post(f"/api/v1/hr/campaigns/{campaign_id}/participants/{ids['s1']}/erase")
    assert erased.status_code == 200
    test = client.post(f"/api/v1/hr/campaigns/{campaign_id}/mailings/test", json={})
    assert test.status_code == 202
    wanted = {m.to_address: message_still_wanted(db, m) for m in messages(db)}
    assert wanted == {
        "a1@org.example": True,
        "admin@a.example": True,
        "d1@org.example": False,
        "w1@org.example": False,
        "f1@org.example": False,
    }  # s1's messages went with their erasure: the address is identity data
