"""Numbers in French use the decimal comma on the HR dashboard and in its charts ("0,43",
never "0.43"); English keeps the point. Checked on the page's tables and the SVG's text."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.domain import HRRole
from tests.support.hr import login, make_user
from tests.support.hr_world import World, add_person, flatten_teams, make_world

POINT = re.compile(r"\d\.\d")
COMMA = re.compile(r"\d,\d")


@pytest.fixture
def world(client: TestClient, db: Session) -> Iterator[World]:
    """North: 3 scored people (D 0.4, 0.5, 0.6: mean 0.50) with questionnaire scores; Ops: 3
    (D 0.1, 0.2, 0.3: mean 0.20); the whole campaign: mean 0.35; minimum 3."""
    world = make_world(db, {"North": None, "Ops": None})
    for d in (0.4, 0.5, 0.6):
        add_person(db, world, "North", d=d, subscales={"LEAD": 4.0, "CONN": 3.5, "AUTO": 2.25})
    for d in (0.1, 0.2, 0.3):
        add_person(db, world, "Ops", d=d)
    db.commit()
    make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    login(client, "hr@org.fr")
    yield world
    flatten_teams(db)


def _tables(html: str) -> str:
    """The text of the page's tables, without tags (attributes hold no figures)."""
    tables = "".join(re.findall(r"<table.*?</table>", html, flags=re.S))
    return re.sub(r"<[^>]+>", " ", tables)


def _svg_text(svg: str) -> str:
    return " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))


def test_the_french_dashboard_writes_decimal_commas(client: TestClient, world: World) -> None:
    url = f"/hr/campaigns/{world.campaign.id}/dashboard"
    french, english = (
        _tables(client.get(f"{url}?lang=fr").text),
        _tables(client.get(f"{url}?lang=en").text),
    )
    assert {"0,50", "0,20", "0,35", "4,00", "3,50", "2,25"} <= set(french.split())
    assert POINT.findall(french) == []
    assert {"0.50", "0.20", "0.35", "4.00"} <= set(english.split())
    assert COMMA.findall(english) == []


@pytest.mark.parametrize("name", ["heatmap", "iat-teams", "d-distribution"])
def test_the_french_charts_write_decimal_commas(
    client: TestClient, world: World, name: str
) -> None:
    url = f"/hr/campaigns/{world.campaign.id}/dashboard/charts/{name}.svg"
    french, english = (
        _svg_text(client.get(f"{url}?lang=fr").text),
        _svg_text(client.get(f"{url}?lang=en").text),
    )
    assert COMMA.search(french) and POINT.findall(french) == [], french
    assert POINT.search(english) and COMMA.findall(english) == [], english
    if name == "heatmap":
        assert {"4,00", "3,50", "2,25"} <= set(french.split())
