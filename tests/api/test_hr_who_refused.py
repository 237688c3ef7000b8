"""Attack: the dashboard's participation counts tell HR who refused (issue 13, item 2).

HR sees in the roster who has not finished. A team's count of declined (or withdrawn) people,
when few in that team have not finished, names them; so does the campaign's count minus the
visible teams' counts. Hand-derived expectations in the comments.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.domain import HRRole, SessionState
from tests.support.hr import login, make_user
from tests.support.hr_world import World, add_person, flatten_teams, make_world

BREAKDOWN = ("not_started", "consented", "in_progress", "declined", "withdrawn")


@pytest.fixture(autouse=True)
def _team_trees(db: Session, client: TestClient) -> Iterator[None]:
    yield
    flatten_teams(db)


def _completion(client: TestClient, db: Session, world: World) -> dict[str, dict[str, Any]]:
    make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    login(client, "hr@org.fr")
    response = client.get(f"/api/v1/hr/campaigns/{world.campaign.id}/dashboard")
    assert response.status_code == 200, response.text
    return {g["name"]: g["completion"] for g in response.json()["groups"]}


def test_declined_count_of_a_team_names_the_one_person_who_did_not_finish(
    client: TestClient, db: Session
) -> None:
    # IAT minimum 3. Small: 2 finished, 1 declined -> the roster shows one "not finished",
    # and "declined: 1" would say that person refused. Big: 3 finished, 4 not finished
    # (2 never opened, 1 declined, 1 withdrew).
    world = make_world(db, {"Small": None, "Big": None}, state="open")
    for _ in range(2):
        add_person(db, world, "Small", d=0.2)
    add_person(db, world, "Small", state=SessionState.DECLINED)
    for _ in range(3):
        add_person(db, world, "Big", d=0.3)
    add_person(db, world, "Big", state=None)
    add_person(db, world, "Big", state=SessionState.INVITED)
    add_person(db, world, "Big", state=SessionState.DECLINED)
    add_person(db, world, "Big", state=SessionState.WITHDRAWN, withdrawn=True)
    db.commit()
    groups = _completion(client, db, world)
    small, big = groups["Small"], groups["Big"]
    assert (small["invited"], small["completed"]) == (3, 2)  # what the roster shows anyway
    assert all(small[name] is None for name in BREAKDOWN)
    # Big alone (4 not finished >= 3) would be safe, but the campaign (5 not finished) minus
    # Big would isolate Small's one person: the smaller visible figure, Big's, is withheld too.
    assert all(big[name] is None for name in BREAKDOWN)
    # The campaign's 5: 2 never opened, 2 declined (Small's and Big's), 1 withdrew.
    whole = next(c for name, c in groups.items() if name not in ("Small", "Big"))
    assert [whole[name] for name in BREAKDOWN] == [2, 0, 0, 2, 1]


def test_dashboard_page_shows_no_refusal_count_for_a_small_remainder(
    client: TestClient, db: Session
) -> None:
    world = make_world(db, {"Small": None}, state="open")
    for _ in range(3):
        add_person(db, world, "Small", d=0.2)
    add_person(db, world, "Small", state=SessionState.WITHDRAWN, withdrawn=True)
    db.commit()
    _completion(client, db, world)
    page = client.get(f"/hr/campaigns/{world.campaign.id}/dashboard")
    assert page.status_code == 200
    row = page.text.split('id="completion-table"', 1)[1].split("</table>", 1)[0]
    assert "None" not in row
    assert "<td>1</td>" not in row.split("Small", 1)[1].split("</tr>", 1)[0]
