"""The export formats through every door: HR API, HR pages, command line, and the links file.

``csv`` stays the machine file it always was; ``csv_excel`` (BOM, ``;``, decimal comma, titles
in ``lang``) and ``xlsx`` (titles in ``lang``) are asked for with the same names everywhere. A
bad format or language is a clear 4xx and writes nothing (no audit row, no minted link). The
command line's ``--format``/``--lang``: ``tests/cli/test_export_cli.py``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import AuditEvent
from app.domain import HRRole
from tests.support.hr import login, make_user
from tests.support.hr import unlink_team_tree as _unlink
from tests.support.hr_world import World, add_person, flatten_teams, make_world

D = 0.123456789
TEAM = "-Ventes; Nord"  # a ';' to quote and a '-' a spreadsheet would run


@pytest.fixture(autouse=True)
def _team_trees(db: Session, client: TestClient) -> Iterator[None]:
    yield
    flatten_teams(db)
    _unlink(db)


@pytest.fixture
def world(db: Session) -> World:
    world = make_world(db, {TEAM: None, "Ops": None})
    for d in (D, 0.2, 0.3):
        add_person(db, world, TEAM, d=d)
    db.commit()
    return world


def _export(client: TestClient, world: World, **body: str):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/hr/campaigns/{world.campaign.id}/exports", json=body)


def _excel_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def _audited(db: Session) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == "export")))


def test_api_csv_excel_in_french_and_english_and_csv_unchanged(
    client: TestClient, db: Session, world: World
) -> None:
    make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    login(client, "hr@org.fr")
    french = _export(client, world, kind="individual", format="csv_excel", lang="fr")
    assert french.status_code == 200, french.text
    assert french.headers["content-disposition"].endswith('.csv"')
    rows = _excel_rows(french.content)
    assert rows[0][:4] == ["Pseudonyme", "Équipe", "Langue", "Mode de réponse"]
    score = rows[0].index("Score D")
    assert sorted(r[score] for r in rows[1:]) == ["0,123456789", "0,2", "0,3"]
    assert {r[1] for r in rows[1:]} == {"'" + TEAM}
    english = _export(client, world, kind="team", format="csv_excel", lang="en-GB")
    assert _excel_rows(english.content)[0][:3] == ["Team", "Parent team id", "Team id"]
    plain = _export(client, world, kind="team", format="csv")
    assert plain.content.startswith(b"team,parent_team_id,team_id,invited,completed,")
    assert [e.detail["lang"] for e in _audited(db)] == ["fr", "en", "fr"]


def test_api_xlsx_titles_follow_lang_and_the_codebook_names_the_guide(
    client: TestClient, db: Session, world: World
) -> None:
    make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    login(client, "hr@org.fr")
    response = _export(client, world, kind="individual", format="xlsx", lang="en")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    header = [c.value for c in book["individual"][1]]
    assert header[:2] == ["Pseudonym", "Team"] and "D score" in header
    assert book["individual"].freeze_panes == "A2"
    codebook = list(book["codebook"].iter_rows(values_only=True))
    assert codebook[-1][0] == "how_to_read"
    assert codebook[-1][codebook[0].index("title_en")].endswith("/hr/guide")


def test_bad_format_or_language_is_a_422_and_nothing_is_exported(
    client: TestClient, db: Session, world: World
) -> None:
    make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    login(client, "hr@org.fr")
    for body in (
        {"kind": "team", "format": "ods"},
        {"kind": "team", "format": "csv_excel", "lang": "de"},
        {"kind": "trials", "format": "csv_excel"},
    ):
        response = _export(client, world, **body)
        assert response.status_code == 422, body
        assert response.json()["error"] in ("InvalidInput", "ValidationError"), response.text
    assert "de" in _export(client, world, kind="team", format="xlsx", lang="de").json()["detail"]
    assert _audited(db) == []


def test_page_offers_formats_and_languages_and_downloads_csv_excel(
    client: TestClient, db: Session, world: World
) -> None:
    make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    token = login(client, "hr@org.fr")
    url = f"/hr/campaigns/{world.campaign.id}/exports"
    page = client.get(url + "?lang=fr")
    assert 'value="csv_excel"' in page.text and "CSV pour Excel" in page.text
    assert 'name="lang"' in page.text and 'href="/hr/guide?lang=fr"' in page.text
    form = {"csrf_token": token, "kind": "team", "format": "csv_excel", "lang": "en"}
    rows = _excel_rows(client.post(url, data=form).content)
    assert rows[0][0] == "Team" and len(rows) == 4  # header, campaign, two teams
    bad = client.post(url, data=form | {"lang": "xx"})
    assert bad.status_code == 422 and "text/html" in bad.headers["content-type"]


def test_codebook_in_the_excel_dialect_ends_with_the_guide(
    client: TestClient, db: Session, world: World
) -> None:
    make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    login(client, "hr@org.fr")
    base = f"/api/v1/hr/campaigns/{world.campaign.id}/exports/team/codebook.csv"
    rows = _excel_rows(client.get(base + "?format=csv_excel&lang=fr").content)
    assert rows[0][:2] == ["column", "type"] and rows[1][0] == "team"
    assert rows[-1][0] == "how_to_read"
    assert "/hr/guide" in rows[-1][rows[0].index("description_fr")]


# --- the invitation links file ----------------------------------------------------------------


@pytest.fixture
def campaign_id(client: TestClient, db: Session) -> int:
    """An open campaign of two people without a link, one named with a formula."""
    world = make_world(db, {"Support": None}, state="open", policy="named")
    add_person(db, world, "Support", state=None, identity=("Zoé Dupré", "z@x.fr"))
    add_person(db, world, "Support", state=None, identity=("=1+1", "f@x.fr"))
    db.commit()
    make_user(db, "admin@a.example", HRRole.HR_ADMIN, world.organisation.id)
    login(client, "admin@a.example")
    return world.campaign.id


def test_links_file_in_csv_excel_and_an_unknown_language_mints_nothing(
    client: TestClient, campaign_id: int
) -> None:
    url = f"/api/v1/hr/campaigns/{campaign_id}/invitations"
    refused = client.post(url, json={"format": "csv_excel", "lang": "xx"})
    assert refused.status_code == 422
    excel = client.post(url, json={"format": "csv_excel", "lang": "fr"})
    assert excel.status_code == 200 and excel.headers["x-links-minted"] == "2"
    rows = _excel_rows(excel.content)
    assert rows[0] == ["Code participant", "Équipe", "Nom", "E-mail", "Lien personnel"]
    assert [r[2] for r in rows[1:]] == ["Zoé Dupré", "'=1+1"]
    assert all(r[4].startswith("http") and "/p/" in r[4] for r in rows[1:])


def test_links_file_defaults_to_todays_csv_and_the_page_offers_xlsx(
    client: TestClient, campaign_id: int
) -> None:
    page = client.get(f"/hr/campaigns/{campaign_id}?lang=fr")
    assert 'id="links-format"' in page.text and 'value="xlsx"' in page.text
    csrf = client.headers["X-CSRF-Token"]
    form = {"csrf_token": csrf, "format": "xlsx", "lang": "en"}
    book = client.post(f"/hr/campaigns/{campaign_id}/invitations", data=form)
    assert book.headers["content-disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(book.content))["links"]
    assert [c.value for c in sheet[1]] == [
        "Participant code",
        "Team",
        "Name",
        "E-mail",
        "Personal link",
    ]
    more = {"csv": "code,team\ne03,Support\n", "confirm": True}
    assert client.post(
        f"/api/v1/hr/campaigns/{campaign_id}/participants/import", json=more
    ).is_success
    plain = client.post(f"/api/v1/hr/campaigns/{campaign_id}/invitations", json={})
    assert plain.text.startswith("\ufeffcode,team,full_name,email,url\r\ne03,Support,,,http")
