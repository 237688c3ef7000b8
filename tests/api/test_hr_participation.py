"""Participation over time (issue 15, item 4): invited / started / finished per UTC day against
a hand-built timeline, team splits below the minimum not shown, "started" withheld where it
would tell who refused, managers limited to their teams. Expected counts are worked out by
hand in the comments."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Invitation, OutboxMessage, Participant, ParticipantSession
from app.domain import HRRole, MailKind, SessionState
from app.security import new_token, token_hash
from tests.support.hr import login, login_manager, make_user
from tests.support.hr_world import World, add_person, flatten_teams, make_world


@pytest.fixture(autouse=True)
def _team_trees(db: Session, client: TestClient) -> Iterator[None]:
    yield
    flatten_teams(db)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _person(
    db: Session, world: World, team: str, state: str | None, *, link: str | None = None,
    email: str | None = None, consented: str | None = None, completed: str | None = None,
    withdrawn: bool = False,
) -> Participant:  # fmt: skip
    person = add_person(db, world, team, state=state, withdrawn=withdrawn)
    if link:
        db.add(
            Invitation(
                participant_id=person.id, token_hash=token_hash(new_token()), created_at=_at(link)
            )
        )
    if email:
        db.add(
            OutboxMessage(
                kind=MailKind.INVITATION, campaign_id=world.campaign.id, participant_id=person.id,
                to_address="x@org.fr", language="fr", subject="Invitation",
                message_id=f"<{person.id}@test>", created_at=_at(email),
            )
        )  # fmt: skip
    session = db.scalar(
        select(ParticipantSession).where(ParticipantSession.participant_id == person.id)
    )
    if session is not None:
        session.consented_at = _at(consented) if consented else None
        session.completed_at = _at(completed) if completed else None
    db.flush()
    return person


def _hr_participation(client: TestClient, db: Session, world: World) -> dict[str, Any]:
    make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    login(client, "hr@org.fr")
    response = client.get(f"/api/v1/hr/campaigns/{world.campaign.id}/participation")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _series(group: dict[str, Any], name: str) -> list[int | None]:
    return [day[name] for day in group["days"]]


def test_counts_per_day_follow_a_hand_built_timeline(client: TestClient, db: Session) -> None:
    world = make_world(db, {"A": None, "B": None}, min_iat=3, min_q=3, state="closed")
    done, declined = SessionState.COMPLETED, SessionState.DECLINED
    # A1: link 2 March, agreed 2 March, finished 4 March.
    _person(db, world, "A", done, link="2026-03-02T09:00", consented="2026-03-02T10:00",
            completed="2026-03-04T08:00")  # fmt: skip
    # A2: e-mailed 1 March before its link (2 March, late evening): invited on 1 March.
    _person(db, world, "A", done, link="2026-03-02T23:30", email="2026-03-01T12:00",
            consented="2026-03-03T08:00", completed="2026-03-03T09:00")  # fmt: skip
    # A3: link at the last second of 2 March, then declined: invited, never started.
    _person(db, world, "A", declined, link="2026-03-02T23:59:59")
    _person(db, world, "A", None)  # A4: imported, never given a link: not invited
    # B1: agreed on 1 March, finished on 2 March, then withdrew: started, never finished.
    _person(db, world, "B", SessionState.WITHDRAWN, link="2026-03-01T08:00",
            consented="2026-03-01T09:00", completed="2026-03-02T10:00", withdrawn=True)  # fmt: skip
    # B2: link at midnight on 3 March, agreed on 4 March, still in progress.
    _person(db, world, "B", SessionState.IN_PROGRESS, link="2026-03-03T00:00",
            consented="2026-03-04T10:00")  # fmt: skip
    # B3: link and agreement on 1 March, finished on 4 March.
    _person(db, world, "B", done, link="2026-03-01T10:00", consented="2026-03-01T11:00",
            completed="2026-03-04T12:00")  # fmt: skip
    db.commit()
    body = _hr_participation(client, db, world)
    assert (body["timezone"], body["minimum"]) == ("UTC", 3)
    whole, a, b = body["groups"]
    assert [d["day"] for d in whole["days"]] == [f"2026-03-0{i}" for i in (1, 2, 3, 4)]
    # Invited: 1 March A2, B1, B3; 2 March A1, A3; 3 March B2.
    assert _series(whole, "invited") == [3, 2, 1, 0]
    assert _series(whole, "invited_total") == [3, 5, 6, 6]
    # Started: 1 March B1, B3; 2 March A1; 3 March A2; 4 March B2 (A3 declined: not started).
    assert _series(whole, "started") == [2, 1, 1, 1]
    assert _series(whole, "started_total") == [2, 3, 4, 5]
    # Finished: A2 on 3 March; A1 and B3 on 4 March (B1 withdrew).
    assert _series(whole, "finished") == [0, 0, 1, 2]
    assert _series(whole, "finished_total") == [0, 0, 1, 3]
    assert (whole["people"], a["people"], b["people"]) == (7, 4, 3)
    assert _series(a, "invited_total") == [1, 3, 3, 3]
    assert _series(a, "finished_total") == [0, 0, 1, 2]
    assert _series(b, "invited_total") == [2, 2, 3, 3]
    assert _series(b, "finished_total") == [0, 0, 0, 1]
    # Two people have not finished in A (A3 declined, A4 never invited) and two in B (B1
    # withdrew, B2 in progress): fewer than 3, so "started" is withheld for the teams (its
    # difference with "finished" would split them); the campaign's 4 not finished may show.
    assert (a["started_shown"], b["started_shown"], whole["started_shown"]) == (False, False, True)
    assert set(_series(a, "started_total")) == {None} == set(_series(b, "started"))


def test_a_team_below_the_minimum_is_not_shown_separately(client: TestClient, db: Session) -> None:
    # Minimum 4 (questionnaire 4 > IAT 3). Tiny: 2 people, under it. Big: 5 people, but the
    # campaign (7) minus Big would be Tiny's 2: Big is withheld too. Only the campaign shows.
    world = make_world(db, {"Big": None, "Tiny": None}, min_iat=3, min_q=4, state="closed")
    for team, n in (("Big", 5), ("Tiny", 2)):
        for _ in range(n):
            _person(db, world, team, SessionState.COMPLETED, link="2026-03-01T09:00",
                    consented="2026-03-01T10:00", completed="2026-03-02T10:00")  # fmt: skip
    db.commit()
    body = _hr_participation(client, db, world)
    groups = {g["name"]: g for g in body["groups"]}
    assert body["minimum"] == 4
    for name in ("Big", "Tiny"):
        assert (groups[name]["shown"], groups[name]["days"]) == (False, [])
    whole = body["groups"][0]
    assert whole["shown"] and _series(whole, "finished_total") == [0, 7]
    page = client.get(f"/hr/campaigns/{world.campaign.id}", params={"lang": "en"})
    table = page.text.split('id="participation-table"', 1)[1].split("</table>", 1)[0]
    assert "Not shown separately" in table
    chart = client.get(f"/hr/campaigns/{world.campaign.id}/participation.svg")
    assert chart.status_code == 200 and chart.headers["content-type"] == "image/svg+xml"


def test_a_team_at_the_minimum_is_shown(client: TestClient, db: Session) -> None:
    # Minimum 3: Left 3 and Right 3 people; the campaign minus both is 0.
    world = make_world(db, {"Left": None, "Right": None}, min_iat=3, min_q=3, state="closed")
    for team in ("Left", "Right"):
        for _ in range(3):
            _person(db, world, team, None, link="2026-03-01T09:00")
    db.commit()
    body = _hr_participation(client, db, world)
    assert [(g["shown"], _series(g, "invited_total")) for g in body["groups"]] == [
        (True, [6]),
        (True, [3]),
        (True, [3]),
    ]


def test_a_manager_sees_only_their_teams_never_the_campaign(
    client: TestClient, db: Session
) -> None:
    world = make_world(db, {"A": None, "B": None}, min_iat=3, min_q=3, state="open")
    for team in ("A", "A", "A", "B", "B", "B"):
        _person(db, world, team, None, link="2026-03-01T09:00")
    db.commit()
    login_manager(client, db, world.organisation.id, [world.teams["A"].id])
    body = client.get(f"/api/v1/hr/campaigns/{world.campaign.id}/participation").json()
    assert [g["name"] for g in body["groups"]] == ["A"]
    # An open campaign's calendar runs to today.
    assert body["groups"][0]["days"][-1]["day"] == datetime.now(UTC).date().isoformat()
    other = make_world(db, {"C": None}, org_name="Other", state="open")
    db.commit()
    for url in (
        f"/api/v1/hr/campaigns/{other.campaign.id}/participation",
        f"/hr/campaigns/{other.campaign.id}/participation.svg",
    ):
        assert client.get(url).status_code == 404
