"""The roster (issue 15, item 4): search, filters and paging done in SQL, names for HR admins
only, and nothing that tells who declined or withdrew. Expected rows are derived by hand from
the people built below, not from the code under test."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.db.models import Mailing, OutboxMessage, Participant, ParticipantSession
from app.domain import HRRole, MailAudience, MailKind, SessionState
from tests.support.hr import login, login_manager, make_user
from tests.support.hr_world import World, add_person, make_world

# (code suffix, team, state, withdrawn, identity, invitation e-mailed)
PEOPLE: list[tuple[str, str, str | None, bool, tuple[str, str] | None, bool]] = [
    ("a1", "Sales", SessionState.COMPLETED, False, ("Alice Martin", "alice@org.fr"), True),
    ("a2", "Sales", SessionState.DECLINED, False, ("Bruno Petit", "bruno@org.fr"), True),
    ("a3", "Sales", None, False, ("Chloé Durand", "chloe@org.fr"), False),
    ("a4", "Sales", SessionState.WITHDRAWN, True, ("Driss 100%_Sure", "driss@org.fr"), True),
    ("a5", "Sales", SessionState.IN_PROGRESS, False, None, False),
    ("b1", "Ops", SessionState.COMPLETED, False, ("Emma Roux", "emma@ops.fr"), False),
    ("b2", "Ops", SessionState.INVITED, False, ("Farid Alaoui", "farid@ops.fr"), True),
    ("b3", "Ops", SessionState.COMPLETED, True, ("Gaëlle Roux", "gaelle@ops.fr"), False),
]
FINISHED = {"a1", "b1"}  # completed and not withdrawn (b3 completed, then withdrew)


@pytest.fixture
def world(db: Session) -> Iterator[World]:
    world = make_world(db, {"Sales": None, "Ops": None}, state="open")
    for suffix, team, state, withdrawn, identity, emailed in PEOPLE:
        person = add_person(db, world, team, state=state, withdrawn=withdrawn, identity=identity)
        person.code = f"p-{suffix}"
        if emailed:
            db.add(_invitation(world, person.id, identity[1] if identity else "x@org.fr"))
    db.flush()
    # A reminder only (not an invitation): must not count as "invitation e-mailed".
    db.add(_invitation(world, _id(db, "p-a5"), "a5@org.fr", MailKind.REMINDER))
    db.commit()
    yield world


def _invitation(
    world: World, participant_id: int, address: str, kind: MailKind = MailKind.INVITATION
) -> OutboxMessage:
    return OutboxMessage(
        kind=kind,
        campaign_id=world.campaign.id,
        participant_id=participant_id,
        to_address=address,
        language="fr",
        subject="Invitation",
        message_id=f"<{kind}-{participant_id}@test>",
    )


def _id(db: Session, code: str) -> int:
    found = db.scalar(select(Participant.id).where(Participant.code == code))
    assert found is not None
    return found


def _hr(client: TestClient, db: Session, world: World) -> None:
    make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    login(client, "hr@org.fr")


def _roster(client: TestClient, world: World, **params: Any) -> tuple[list[str], int]:
    response = client.get(f"/api/v1/hr/campaigns/{world.campaign.id}/participants", params=params)
    assert response.status_code == 200, response.text
    return [row["code"] for row in response.json()], int(response.headers["X-Total-Count"])


def _codes(*suffixes: str) -> list[str]:
    return [f"p-{s}" for s in sorted(suffixes)]


def test_filters_and_pages_are_counted_in_sql(
    client: TestClient, db: Session, world: World
) -> None:
    _hr(client, db, world)
    every = [p[0] for p in PEOPLE]
    assert _roster(client, world) == (_codes(*every), 8)
    # Pages of 3 cover everyone once, in code order; the total is the whole match each time.
    pages = [_roster(client, world, limit=3, offset=o) for o in (0, 3, 6)]
    assert [codes for codes, _ in pages] == [_codes(*every)[i : i + 3] for i in (0, 3, 6)]
    assert {total for _, total in pages} == {8}
    assert _roster(client, world, limit=3, offset=9) == ([], 8)
    sales = world.teams["Sales"].id
    assert _roster(client, world, team_id=sales) == (_codes("a1", "a2", "a3", "a4", "a5"), 5)
    assert _roster(client, world, finished="true") == (_codes(*FINISHED), 2)
    not_finished = [s for s in every if s not in FINISHED]
    assert _roster(client, world, finished="false") == (_codes(*not_finished), 6)
    assert _roster(client, world, emailed="true") == (_codes("a1", "a2", "a4", "b2"), 4)
    assert _roster(client, world, emailed="false") == (_codes("a3", "a5", "b1", "b3"), 4)
    both = {"team_id": sales, "finished": "false", "emailed": "false", "limit": 1}
    assert _roster(client, world, **both) == (_codes("a3"), 2)  # a3 and a5 match


def test_search_matches_code_name_and_email_with_wildcards_taken_literally(
    client: TestClient, db: Session, world: World
) -> None:
    _hr(client, db, world)
    assert _roster(client, world, q="P-B") == (_codes("b1", "b2", "b3"), 3)  # code, any case
    assert _roster(client, world, q="roux") == (_codes("b1", "b3"), 2)  # names
    assert _roster(client, world, q="@ops.fr") == (_codes("b1", "b2", "b3"), 3)  # e-mails
    assert _roster(client, world, q="100%_") == (_codes("a4"), 1)
    assert _roster(client, world, q="%") == (_codes("a4"), 1)  # not "everyone"
    assert _roster(client, world, q="_") == (_codes("a4"), 1)  # no code or e-mail has one


def test_paging_runs_in_the_database_not_over_every_row(
    client: TestClient, db: Session, world: World
) -> None:
    _hr(client, db, world)
    statements: list[str] = []
    engine = client.app.state.engine  # type: ignore[attr-defined]

    def seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert _roster(client, world, limit=2, offset=2, q="p-")[0] == _codes("a3", "a4")
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    roster = [s for s in statements if "participants" in s and "LIMIT" in s.upper()]
    assert roster, statements
    assert any("count(" in s.lower() for s in statements)


def test_finished_false_cannot_tell_who_declined_or_withdrew(
    client: TestClient, db: Session, world: World
) -> None:
    # a2 declined, a4 withdrew, a3 never opened, a5 is in progress, b2 opened only: the
    # "not finished" rows of the same team look alike but for their ids, codes and identity.
    _hr(client, db, world)
    rows = client.get(
        f"/api/v1/hr/campaigns/{world.campaign.id}/participants", params={"finished": "false"}
    ).json()
    personal = {"id", "code", "full_name", "email", "has_identity", "invitation_emailed"}
    by_code = {r["code"]: {k: v for k, v in r.items() if k not in personal} for r in rows}
    sales = [by_code[c] for c in _codes("a2", "a3", "a4", "a5")]
    assert all(row == sales[0] for row in sales)
    assert sales[0]["status"] == "not_finished"
    assert not any(str(v) in ("declined", "withdrawn") for r in rows for v in r.values())
    # Parameters that are not filters change nothing; searching for a state finds nobody.
    plain = _roster(client, world)
    for extra in ({"state": "declined"}, {"status": "declined"}, {"declined": "true"}):
        assert _roster(client, world, **extra) == plain
    assert _roster(client, world, q="declined") == ([], 0)
    assert _roster(client, world, q="withdrawn") == ([], 0)


def test_names_and_emails_are_shown_to_hr_admins(
    client: TestClient, db: Session, world: World
) -> None:
    _hr(client, db, world)
    rows = client.get(f"/api/v1/hr/campaigns/{world.campaign.id}/participants").json()
    alice = next(r for r in rows if r["code"] == "p-a1")
    assert (alice["full_name"], alice["email"], alice["invitation_emailed"]) == (
        "Alice Martin",
        "alice@org.fr",
        True,
    )
    nobody = next(r for r in rows if r["code"] == "p-a5")
    assert (nobody["full_name"], nobody["email"], nobody["has_identity"]) == (None, None, False)
    page = client.get(f"/hr/campaigns/{world.campaign.id}", params={"q": "alice"})
    assert page.status_code == 200
    table = page.text.split('id="roster-table"', 1)[1].split("</table>", 1)[0]
    assert "Alice Martin" in table and "alice@org.fr" in table
    assert "Emma Roux" not in table


def test_a_manager_sees_no_roster_nor_names_of_any_team(
    client: TestClient, db: Session, world: World
) -> None:
    login_manager(client, db, world.organisation.id, [world.teams["Sales"].id])
    base = f"/api/v1/hr/campaigns/{world.campaign.id}/participants"
    for params in ({}, {"team_id": world.teams["Ops"].id}, {"q": "roux"}, {"finished": "false"}):
        assert client.get(base, params=params).status_code == 403
    page = client.get(f"/hr/campaigns/{world.campaign.id}", params={"q": "a"})
    assert page.status_code == 200
    for name, email, *_ in (p[4] for p in PEOPLE if p[4]):
        assert name not in page.text and email not in page.text
    assert 'id="roster-table"' not in page.text


@pytest.mark.parametrize(
    "params",
    [
        {"finished": "maybe"},
        {"emailed": "2"},
        {"team_id": "abc"},
        {"team_id": str(2**63)},
        {"limit": "0"},
        {"limit": "1001"},
        {"offset": "-1"},
        {"q": "a\x00b"},
        {"q": "x" * 201},
    ],
)
def test_bad_filters_are_a_clear_422_on_the_api_and_the_page(
    client: TestClient, db: Session, world: World, params: dict[str, str]
) -> None:
    _hr(client, db, world)
    api = client.get(f"/api/v1/hr/campaigns/{world.campaign.id}/participants", params=params)
    assert api.status_code == 422, api.text
    assert api.json()["error"] == "InvalidInput"
    page = client.get(f"/hr/campaigns/{world.campaign.id}", params=params)
    assert page.status_code == 422
    assert page.headers["content-type"].startswith("text/html")


def test_page_links_keep_the_filters(client: TestClient, db: Session, world: World) -> None:
    _hr(client, db, world)
    from app.pages.hr import roster

    roster.PAGE_SIZE, saved = 2, roster.PAGE_SIZE
    try:
        page = client.get(
            f"/hr/campaigns/{world.campaign.id}",
            params={"finished": "false", "q": "p-", "lang": "en"},
        )
    finally:
        roster.PAGE_SIZE = saved
    assert page.status_code == 200
    assert "finished=false" in page.text and "offset=2" in page.text
    assert "2 of 6" in page.text


def test_a_mail_out_that_skipped_who_refused_does_not_single_them_out(
    client: TestClient, db: Session
) -> None:
    # Everyone has an address. R1 declined and R2 withdrew on 1 March; P1 never opened their
    # link and P2 is in progress. On 2 March a mail-out to everyone not yet e-mailed queues
    # P1's and P2's invitations and skips R1 and R2 because they refused: had the roster
    # read only the queued messages, "not e-mailed" would be exactly R1 and R2.
    world = make_world(db, {"Sales": None}, state="open")
    refused_on = datetime(2026, 3, 1, 9, tzinfo=UTC)
    people = {}
    for code, state, withdrawn in (
        ("r1", SessionState.DECLINED, False),
        ("r2", SessionState.WITHDRAWN, True),
        ("p1", None, False),
        ("p2", SessionState.IN_PROGRESS, False),
        ("nomail", SessionState.DECLINED, False),
    ):
        identity = None if code == "nomail" else (code.upper(), f"{code}@org.fr")
        person = add_person(db, world, "Sales", state=state, withdrawn=withdrawn, identity=identity)
        person.code = f"p-{code}"
        people[code] = person
    people["r2"].withdrawn_at = refused_on
    for code in ("r1", "nomail"):
        session = db.scalar(
            select(ParticipantSession).where(ParticipantSession.participant_id == people[code].id)
        )
        assert session is not None
        session.declined_at = refused_on
    db.commit()
    _hr(client, db, world)
    # Before any mail-out nobody is e-mailed.
    assert _roster(client, world, emailed="false")[1] == 5
    mailing = Mailing(
        campaign_id=world.campaign.id, kind=MailKind.INVITATION,
        audience=MailAudience.NOT_INVITED, created_at=refused_on + timedelta(days=1),
    )  # fmt: skip
    db.add(mailing)
    db.flush()
    for code in ("p1", "p2"):
        message = _invitation(world, people[code].id, f"{code}@org.fr")
        message.mailing_id = mailing.id
        db.add(message)
    # A mail-out to chosen people does not count as one to everyone.
    db.add(
        Mailing(
            campaign_id=world.campaign.id, kind=MailKind.INVITATION,
            audience=MailAudience.PARTICIPANT_IDS, created_at=refused_on - timedelta(days=9),
        )
    )  # fmt: skip
    db.commit()
    # Everyone with an address reads "e-mailed"; the one without an address does not (like
    # anyone without one: a mail-out skips them all).
    assert _roster(client, world, emailed="true") == (_codes("p1", "p2", "r1", "r2"), 4)
    assert _roster(client, world, emailed="false") == (_codes("nomail"), 1)
