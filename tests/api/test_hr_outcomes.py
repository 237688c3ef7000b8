"""Customer outcomes: CSV preview, confirmation, line errors, encodings, reach and scope."""

from __future__ import annotations

import base64

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import TeamOutcome
from app.domain import ApiScope, HRRole
from tests.api.test_research_world import make_token
from tests.support.hr import login, login_manager, make_user
from tests.support.hr_world import World, make_world
from tests.support.participants import auth

HEADER = "team,metric,value,n_customers,period,direction\n"
GOOD = HEADER + "Sales,NPS,42,120,2026-Q4,higher_better\nOps,churn,0.08,,2026-Q4,lower_better\n"


@pytest.fixture
def world(db: Session) -> World:
    """Sales and Ops in the campaign; Finance in the organisation but not in the campaign."""
    world = make_world(db, {"Sales": None, "Ops": None, "Finance": None},
                       campaign_teams=["Sales", "Ops"])  # fmt: skip
    db.commit()
    return world


def _url(world: World, suffix: str = "/import") -> str:
    return f"/api/v1/hr/campaigns/{world.campaign.id}/outcomes{suffix}"


def _stored(db: Session) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(TeamOutcome)) or 0


def _admin(client: TestClient, db: Session, world: World) -> None:
    make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    login(client, "hr@org.fr")


def test_preview_writes_nothing_then_confirm_writes_and_reimport_updates(
    client: TestClient, db: Session, world: World
) -> None:
    _admin(client, db, world)
    preview = client.post(_url(world), json={"csv": GOOD}).json()
    assert preview["written"] is False and preview["errors"] == []
    assert [(r["team"], r["metric"], r["value"], r["n_customers"], r["action"])
            for r in preview["rows"]] == [("Sales", "NPS", 42.0, 120, "new"),
                                          ("Ops", "churn", 0.08, None, "new")]  # fmt: skip
    assert _stored(db) == 0
    assert client.post(_url(world), json={"csv": GOOD, "confirm": True}).json()["written"]
    assert _stored(db) == 2
    again = GOOD.replace("42,120", "45,130")
    rows = client.post(_url(world), json={"csv": again, "confirm": True}).json()["rows"]
    assert [r["action"] for r in rows] == ["update", "unchanged"]
    listed = client.get(_url(world, "")).json()
    assert _stored(db) == 2
    assert {(o["metric"], o["value"], o["direction"]) for o in listed} == {
        ("NPS", 45.0, "higher_better"), ("churn", 0.08, "lower_better")
    }  # fmt: skip


BAD_LINES = [
    ("Finance,NPS,42,10,2026-Q4,higher_better", "team 'Finance' is not one of the campaign"),
    ("Sales,NPS,beaucoup,10,2026-Q4,higher_better", "value 'beaucoup' is not a number"),
    ("Sales,NPS,nan,10,2026-Q4,higher_better", "value 'nan' is not a number"),
    ("Sales,NPS,42,-3,2026-Q4,higher_better", "n_customers '-3' is not a whole number"),
    ("Sales,NPS,42,10,2026-Q4,up", "direction 'up' must be higher_better or lower_better"),
    ("Sales,,42,10,2026-Q4,higher_better", "team, metric, value, period and direction are"),
    ("Sales,NPS,42,10,2026-Q4,higher_better,extra", "too many values on this line"),
    ("Sales,NPS,1,10,2026-Q4,higher_better", "appear twice"),
]


def test_line_errors_name_the_line_and_nothing_is_written(
    client: TestClient, db: Session, world: World
) -> None:
    _admin(client, db, world)
    text = GOOD + "\n".join(line for line, _ in BAD_LINES) + "\n"
    body = client.post(_url(world), json={"csv": text, "confirm": True}).json()
    assert body["written"] is False and _stored(db) == 0
    assert [e["line"] for e in body["errors"]] == list(range(4, 4 + len(BAD_LINES)))
    for error, (_, expected) in zip(body["errors"], BAD_LINES, strict=True):
        assert expected in error["message"]


def test_missing_and_unknown_columns_are_one_header_error(
    client: TestClient, db: Session, world: World
) -> None:
    _admin(client, db, world)
    text = "team,metric,valeur,period,direction\nSales,NPS,42,2026,higher_better\n"
    errors = client.post(_url(world), json={"csv": text}).json()["errors"]
    assert [e["line"] for e in errors] == [1, 1]
    assert "value, n_customers" in errors[0]["message"] and "valeur" in errors[1]["message"]


def test_a_french_excel_file_is_decoded_with_decimal_commas(
    client: TestClient, db: Session, world: World
) -> None:
    world.teams["Ops"].name = "Opérations"
    db.commit()
    _admin(client, db, world)
    text = (
        "team;metric;value;n_customers;period;direction\r\n"
        "opérations;CSAT;4,2;85;T4;higher_better\r\n"
    )
    raw = base64.b64encode(text.encode("cp1252")).decode()
    body = client.post(_url(world), json={"csv_base64": raw}).json()
    assert body["encoding"] == "cp1252" and body["errors"] == []
    assert (body["rows"][0]["team"], body["rows"][0]["value"]) == ("Opérations", 4.2)
    not_text = base64.b64encode(b"PK\x03\x04\x00\x00binary").decode()
    refused = client.post(_url(world), json={"csv_base64": not_text})
    assert refused.status_code == 422 and "CSV" in refused.json()["detail"]


def test_managers_list_their_teams_only_and_cannot_import(
    client: TestClient, db: Session, world: World
) -> None:
    db.add_all(
        TeamOutcome(campaign_id=world.campaign.id, team_id=world.teams[t].id, metric="NPS",
                    value=v, period="Q4", direction="higher_better")
        for t, v in (("Sales", 10.0), ("Ops", 20.0))
    )  # fmt: skip
    db.commit()
    login_manager(client, db, world.organisation.id, [world.teams["Ops"].id])
    assert [o["value"] for o in client.get(_url(world, "")).json()] == [20.0]
    refused = client.post(_url(world), json={"csv": GOOD, "confirm": True})
    assert refused.status_code == 403 and _stored(db) == 2


def test_another_organisations_campaign_is_404(
    client: TestClient, db: Session, world: World
) -> None:
    other = make_world(db, {"Elsewhere": None}, org_name="Other")
    db.commit()
    _admin(client, db, other)
    assert client.post(_url(world), json={"csv": GOOD, "confirm": True}).status_code == 404
    assert client.get(_url(world, "")).status_code == 404
    assert _stored(db) == 0


def test_research_import_needs_the_outcomes_write_scope(
    client: TestClient, db: Session, world: World
) -> None:
    url = f"/api/v1/campaigns/{world.campaign.id}/outcomes/import"
    body = {"csv": GOOD, "confirm": True}
    reader = make_token(db, world.organisation.id, (ApiScope.SCORES_READ, ApiScope.CAMPAIGNS_WRITE))
    refused = client.post(url, json=body, headers=auth(reader))
    assert refused.status_code == 403 and "outcomes:write" in refused.json()["detail"]
    assert _stored(db) == 0
    writer = make_token(db, world.organisation.id, (ApiScope.OUTCOMES_WRITE,), name="writer")
    assert client.post(url, json=body, headers=auth(writer)).json()["written"] is True
    assert _stored(db) == 2
    other = make_world(db, {"Elsewhere": None}, org_name="Other")
    foreign = make_token(db, other.organisation.id, (ApiScope.OUTCOMES_WRITE,), name="f")
    assert client.post(url, json=body, headers=auth(foreign)).status_code == 404
