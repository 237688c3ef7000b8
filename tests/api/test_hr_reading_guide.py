"""The page "How to read these results", and the dashboard that links to it: every hidden cell
names why it is hidden (never a bare dash), and no two columns of a table share a title."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from html import unescape

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.domain import HRRole, SessionState
from tests.support.hr import login, make_user
from tests.support.hr_world import World, add_person, flatten_teams, make_world

# Project Implicit's band limits of |D| (Greenwald et al.; scoring/summary.py applies them).
BANDS_EN = ("0.15", "0.35", "0.65")
BANDS_FR = ("0,15", "0,35", "0,65")


@pytest.fixture(autouse=True)
def _team_trees(db: Session, client: TestClient) -> Iterator[None]:
    yield
    flatten_teams(db)


def _as_hr(client: TestClient, db: Session, world: World) -> None:
    make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    login(client, "hr@org.fr")


def _row(html: str, table: str, name: str) -> str:
    """The row of group ``name`` in the table ``table`` of a page."""
    body = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    return next(r for r in body.split("<tr") if f">{name}</th>" in r)


def _titles(html: str) -> list[list[str]]:
    """The column titles of every table of a page, table by table."""
    heads = re.findall(r"<thead>(.*?)</thead>", html, re.S)
    return [
        [unescape(t).strip() for t in re.findall(r"<th[^>]*>(.*?)</th>", h, re.S)] for h in heads
    ]


def test_guide_exists_in_french_and_english_with_the_thresholds_the_code_applies(
    client: TestClient, db: Session
) -> None:
    world = make_world(db, {"Sales": None})
    db.commit()
    _as_hr(client, db, world)
    french = client.get("/hr/guide?lang=fr")
    assert french.status_code == 200 and "Comment lire ces résultats" in french.text
    assert all(limit in french.text for limit in BANDS_FR)
    assert "recruter" in french.text and "TAI" in french.text
    english = client.get("/hr/guide?lang=en")
    assert english.status_code == 200 and "How to read these results" in english.text
    assert all(limit in english.text for limit in BANDS_EN)
    assert "hiring" in english.text and "rwg(j)" in english.text and "ICC(1)" in english.text
    for anchor in ("what-d", "bands", "ci", "reliability", "hidden", "never"):
        assert f'id="{anchor}"' in english.text
    # Every reason a dashboard cell can give has its paragraph (the cells link to it).
    for reason in ("unpublished", "small_group", "subtraction", "row_withheld", "breakdown"):
        assert f'id="hidden-{reason}"' in english.text
    # the default minimums of a campaign's policy: 10 for the IAT, 5 for the questionnaire
    assert "by default 10 people for the IAT and 5 for the questionnaire" in english.text


def test_guide_is_for_signed_in_hr_users_only(client: TestClient) -> None:
    response = client.get("/hr/guide", follow_redirects=False)
    assert response.status_code in (303, 401) and "Comment lire" not in response.text


@pytest.fixture
def hidden(client: TestClient, db: Session) -> World:
    """IAT minimum 3: Ops has 1 D (too small); campaign 7 − Sales 6 = Ops' 1, so Sales is
    hidden by subtraction. Questionnaire: Sales answers LEAD only, Ops nobody. Signed in."""
    world = make_world(db, {"Sales": None, "Ops": None})
    for d in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6):
        add_person(db, world, "Sales", d=d, subscales={"LEAD": 3.0})
    add_person(db, world, "Ops", d=0.9)
    db.commit()
    _as_hr(client, db, world)
    return world


def test_dashboard_links_to_the_guide_and_names_why_each_cell_is_hidden(
    client: TestClient, hidden: World
) -> None:
    world = hidden
    page = client.get(f"/hr/campaigns/{world.campaign.id}/dashboard?lang=en").text
    assert 'href="/hr/guide?lang=en"' in page
    ops, sales = _row(page, "iat-table", "Ops"), _row(page, "iat-table", "Sales")
    assert 'data-reason="small_group"' in ops and "Hidden: fewer than 3 people" in ops
    assert 'data-reason="subtraction"' in sales and "by subtraction" in sales
    assert 'href="/hr/guide?lang=en#hidden-small_group"' in ops
    quest = _row(page, "questionnaire-table", "Ops")
    assert 'data-reason="small_group"' in quest and "Hidden: fewer than 3 people" in quest
    for row in (ops, sales, quest):  # no hidden cell without its reason
        assert ">withheld<" not in row and "—" not in row
    french = client.get(f"/hr/campaigns/{world.campaign.id}/dashboard?lang=fr").text
    assert "Masqué : moins de 3 personnes" in _row(french, "iat-table", "Ops")
    assert 'href="/hr/guide?lang=fr"' in french


def test_open_campaign_cells_say_they_are_published_at_closing(
    client: TestClient, db: Session
) -> None:
    world = make_world(db, {"Sales": None}, state="open")
    for d in (0.1, 0.2, 0.3):
        add_person(db, world, "Sales", d=d)
    add_person(db, world, "Sales", state=SessionState.DECLINED)
    db.commit()
    _as_hr(client, db, world)
    page = client.get(f"/hr/campaigns/{world.campaign.id}/dashboard?lang=en").text
    iat = _row(page, "iat-table", "Sales")
    assert 'data-reason="unpublished"' in iat and "Published when the campaign closes" in iat
    # One person has not finished: fewer than the IAT minimum (3), so the split is hidden.
    done = _row(page, "completion-table", "Sales")
    assert 'data-reason="small_group"' in done
    assert "Hidden: fewer than 3 people have not finished" in done
    assert "—" not in done


def test_dashboard_column_titles_say_what_they_count_and_never_repeat(
    client: TestClient, db: Session
) -> None:
    world = make_world(db, {"Sales": None})
    for d in (0.1, 0.2, 0.3):
        add_person(db, world, "Sales", d=d, subscales={"LEAD": 3.0, "CONN": 4.0, "AUTO": 2.0})
    db.commit()
    _as_hr(client, db, world)
    for lang in ("fr", "en"):
        page = client.get(f"/hr/campaigns/{world.campaign.id}/dashboard?lang={lang}").text
        tables = _titles(page)
        assert len(tables) >= 3
        for titles in tables:
            assert len(set(titles)) == len(titles), titles
            assert "n" not in titles  # say what is counted
        # before: "Completed" (fr "Terminé(s)") twice, the share and the count of finishers
        assert not {"Completed", "Terminé"} & set(tables[0])


def test_team_export_says_why_each_figure_is_withheld(client: TestClient, hidden: World) -> None:
    world = hidden
    url = f"/api/v1/hr/campaigns/{world.campaign.id}/exports"
    text = client.post(url, json={"kind": "team", "format": "csv"}).text
    rows = {r["team"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["Ops"]["iat_withheld_reason"] == "small_group"
    assert rows["Sales"]["iat_withheld_reason"] == "subtraction"
    assert rows["Sales"]["iat_suppressed"] == "1" and rows["Sales"]["d_mean"] == ""
    whole = next(r for name, r in rows.items() if name not in ("Sales", "Ops"))
    assert whole["iat_withheld_reason"] == "" and whole["d_mean"] != ""
    assert rows["Ops"]["questionnaire_withheld_reason"] == "small_group"
    assert rows["Ops"]["LEAD_withheld_reason"] == "small_group"  # with its row
    assert rows["Sales"]["LEAD_withheld_reason"] == "" and rows["Sales"]["LEAD_mean"] == "3.0"
    assert rows["Sales"]["CONN_withheld_reason"] == "small_group"  # nobody has a CONN score
