"""The research API cannot be used by HR (who makes research tokens) to defeat the rules of
README "Privacy" › "Research rows": every test replays an attack through the real API."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.db.models import Participant
from app.domain import HRRole, IndividualResults
from tests.api.test_research_world import (
    build_world,
    close_campaign,
    finish_with_questionnaire,
    make_token,
    organisation_id,
    run_iat,
    set_policy,
)
from tests.support.hr import login, make_user
from tests.support.participants import auth

TEAM_ROUTES = ("scores", "questionnaire/scores")
ROW_ROUTES = (*TEAM_ROUTES, "trials", "trials.csv", "trials.ndjson", "questionnaire/answers")


def _finish(client: TestClient, token: str, seed: int) -> None:
    run_iat(client, token, seed=seed)
    finish_with_questionnaire(client, token)


def _subjects(client: TestClient, headers: dict[str, str], campaign_id: int) -> set[str]:
    """Every pseudonym the row routes give for the campaign (empty when refused)."""
    found: set[str] = set()
    for route in ("scores", "questionnaire/answers"):
        response = client.get(f"/api/v1/campaigns/{campaign_id}/{route}", headers=headers)
        if response.status_code == 200:
            found |= {row["subject"] for row in response.json()["items"]}
    listed = client.get("/api/v1/sessions", headers=headers).json()["items"]
    return found | {row["subject"] for row in listed if row["campaign_id"] == campaign_id}


def test_successive_research_reads_of_an_open_campaign_name_the_newcomer(
    client: TestClient, db: Session, settings: Settings
) -> None:
    """HR reads the rows, sees in the roster that Ana finishes, reads again: the one new
    pseudonym is Ana, and her D, answers and trials come with it. Rows of a pseudonymous
    campaign are published only when it closes."""
    world = build_world(db, settings)
    reader = auth(make_token(db, organisation_id(db, world.campaign_a)))
    _finish(client, world.invitations[0], seed=1)
    before = _subjects(client, reader, world.campaign_a)
    _finish(client, world.invitations[1], seed=2)  # the roster now shows Ana finished
    newcomers = _subjects(client, reader, world.campaign_a) - before
    assert newcomers == set(), "the new pseudonym is the person the roster shows finishing"
    for route in ROW_ROUTES:
        response = client.get(f"/api/v1/campaigns/{world.campaign_a}/{route}", headers=reader)
        assert response.status_code == 409, (route, response.text)
        assert "published when the campaign closes" in response.json()["detail"]
    filtered = client.get(f"/api/v1/sessions?campaign_id={world.campaign_a}", headers=reader)
    assert filtered.status_code == 409
    close_campaign(db, world.campaign_a)
    assert len(_subjects(client, reader, world.campaign_a)) == 2


def _published_teams(client: TestClient, headers: dict[str, str], campaign_id: int) -> list[dict]:
    rows = client.get(f"/api/v1/sessions?campaign_id={campaign_id}", headers=headers).json()
    found = list(rows["items"])
    for route in TEAM_ROUTES:
        response = client.get(f"/api/v1/campaigns/{campaign_id}/{route}", headers=headers)
        assert response.status_code == 200, response.text
        found += response.json()["items"]
    return found


def test_research_team_column_names_the_only_finisher_of_a_team(
    client: TestClient, db: Session, settings: Settings
) -> None:
    """HR's roster shows that Bea is the only one of team 2 who finished: a research row
    carrying team 2 is hers. A row carries its team only when at least the IAT minimum of
    the people HR sees in the same roster state (finished / not) carry it."""
    world = build_world(db, settings)
    set_policy(db, world.campaign_a, min_group_size_iat=3)
    team_of = dict(db.execute(select(Participant.export_pseudonym, Participant.team_id)).all())
    for seed, index in enumerate((0, 1, 2, 4, 8, 9), 1):  # team 1: 3 people, team 2: 1, team 3: 2
        _finish(client, world.invitations[index], seed)
    run_iat(client, world.invitations[10], seed=7)  # team 3: one more, not finished
    close_campaign(db, world.campaign_a)
    reader = auth(make_token(db, organisation_id(db, world.campaign_a)))
    rows = _published_teams(client, reader, world.campaign_a)
    team_2 = sorted({team_of[r["subject"]] for r in rows})[1]  # Bea's team
    assert all(row["team_id"] != team_2 for row in rows), "Bea's team names her"
    sessions = [r for r in rows if "state" in r]
    for finished in (True, False):
        same = [r for r in sessions if (r["state"] == "completed") is finished]
        shown = Counter(r["team_id"] for r in same if r["team_id"] is not None)
        assert all(n >= 3 for n in shown.values()), shown
    labelled = {r["subject"]: r["team_id"] for r in rows if r["team_id"] is not None}
    assert labelled and all(team_of[s] == t for s, t in labelled.items())
    assert len(set(labelled.values())) == 1  # team 1 keeps its label (3 finished people)


def _roster_finished(client: TestClient, campaign_id: int) -> set[str]:
    roster = client.get(f"/api/v1/hr/campaigns/{campaign_id}/participants").json()
    return {person["code"] for person in roster if person["status"] == "finished"}


def test_research_timestamps_match_the_roster_poll_that_saw_someone_finish(
    client: TestClient, db: Session, settings: Settings
) -> None:
    """HR polls the roster: at time t only Ana has finished, then Bea finishes. After closing,
    the research row completed before t (or the one a `started_to=t` filter selects) is Ana's.
    Pseudonymous rows carry no per-person time, and the time filters select only rows that
    show a time."""
    world = build_world(db, settings)
    make_user(db, "hr@demo.example", HRRole.HR_ADMIN, organisation_id(db, world.campaign_a))
    login(client, "hr@demo.example")
    _finish(client, world.invitations[0], seed=1)
    assert len(_roster_finished(client, world.campaign_a)) == 1
    poll = datetime.now(UTC)
    _finish(client, world.invitations[1], seed=2)
    assert len(_roster_finished(client, world.campaign_a)) == 2
    close_campaign(db, world.campaign_a)
    reader = auth(make_token(db, organisation_id(db, world.campaign_a)))
    url = f"/api/v1/sessions?campaign_id={world.campaign_a}"
    rows = client.get(url, headers=reader).json()["items"]
    assert len(rows) == 2
    times = ("consented_at", "started_at", "completed_at")
    assert all(row[name] is None for row in rows for name in times)
    early = client.get(url, params={"started_to": poll.isoformat()}, headers=reader).json()
    assert early["items"] == []


def test_named_campaigns_give_their_rows_while_open_as_hr_named_exports_do(
    client: TestClient, db: Session, settings: Settings
) -> None:
    """Under `named`, HR's export already carries names beside the same pseudonyms while the
    campaign is open: the research rows add nothing HR could not read, so they are not held
    back or coarsened (the consent page told people HR sees their rows by name)."""
    world = build_world(db, settings)
    set_policy(db, world.campaign_a, individual_results=IndividualResults.NAMED)
    _finish(client, world.invitations[0], seed=1)
    reader = auth(make_token(db, organisation_id(db, world.campaign_a)))
    listed = client.get(f"/api/v1/sessions?campaign_id={world.campaign_a}", headers=reader)
    assert listed.status_code == 200
    (row,) = listed.json()["items"]
    code_team = db.scalars(
        select(Participant.team_id).where(Participant.export_pseudonym == row["subject"])
    ).one()
    assert row["team_id"] == code_team and row["completed_at"] is not None
    for route in ROW_ROUTES:
        response = client.get(f"/api/v1/campaigns/{world.campaign_a}/{route}", headers=reader)
        assert response.status_code == 200, (route, response.text)
