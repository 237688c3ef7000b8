"""Participant files as spreadsheets save them: French Excel's Windows-1252 with semicolons,
"CSV UTF-8" with a byte-order mark, a workbook uploaded by mistake; the optional ``language``
column. Names must come out as typed (no mojibake), errors in the page's language."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Participant, ParticipantIdentity
from tests.support.hr import make_campaign, make_team, signed_in_admin, unlink_team_tree

NAMES = ["Hélène Bœuf", "François l’Évêque", "Loïc Mère-Noël"]
FILE = (
    "code;team;full_name;language\r\n"
    f"p0;Support;{NAMES[0]};FR\r\np1;Support;{NAMES[1]};en\r\np2;Support;{NAMES[2]};\r\n"
)
MOJIBAKE = re.compile("Ã|Å|â€|�|\ufffd")


@pytest.fixture
def hr(client: TestClient, db: Session) -> Iterator[TestClient]:
    make_team(signed_in_admin(client, db), "Support")
    yield client
    unlink_team_tree(db)


def _api_import(client: TestClient, campaign: int, raw: bytes, confirm: bool = False) -> dict:  # type: ignore[type-arg]
    body = {"csv_base64": base64.b64encode(raw).decode(), "confirm": confirm}
    response = client.post(f"/api/v1/hr/campaigns/{campaign}/participants/import", json=body)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def _stored(db: Session, campaign: int) -> dict[str, tuple[str | None, str | None]]:
    rows = db.execute(
        select(Participant.code, ParticipantIdentity.full_name, Participant.language)
        .join(ParticipantIdentity, ParticipantIdentity.participant_id == Participant.id)
        .where(Participant.campaign_id == campaign)
    )
    return {code: (name, language) for code, name, language in rows}


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (FILE.encode("cp1252"), "cp1252"),  # French Excel: "CSV (séparateur : point-virgule)"
        (FILE.encode("utf-8-sig"), "utf-8-sig"),  # Excel's "CSV UTF-8"
        (FILE.encode("utf-8"), "utf-8"),
        (FILE.encode("utf-16"), "utf-16"),  # "Unicode text", byte-order mark first
    ],
)
def test_the_api_reads_names_as_typed_whatever_the_encoding(
    hr: TestClient, db: Session, raw: bytes, encoding: str
) -> None:
    campaign = make_campaign(hr)
    preview = _api_import(hr, campaign, raw)
    assert preview["encoding"] == encoding and preview["errors"] == []
    assert [row["full_name"] for row in preview["rows"]] == NAMES
    assert _api_import(hr, campaign, raw, confirm=True)["written"]
    assert _stored(db, campaign) == {
        "p0": (NAMES[0], "fr"),
        "p1": (NAMES[1], "en"),
        "p2": (NAMES[2], None),
    }


def test_the_page_previews_a_windows_file_without_mojibake_and_imports_it(
    hr: TestClient, db: Session
) -> None:
    campaign = make_campaign(hr)
    files = {"csv_file": ("gens.csv", FILE.encode("cp1252"), "text/csv")}
    csrf = {"csrf_token": hr.cookies.get("csrf_token") or ""}
    preview = hr.post(f"/hr/campaigns/{campaign}/import?lang=fr", data=csrf, files=files)
    assert preview.status_code == 200
    page = preview.text.replace("&#39;", "'")
    assert all(name in page for name in NAMES) and not MOJIBAKE.search(page)
    assert "Encodage du fichier détecté : Windows-1252" in page
    carried = re.search(r'name="csv_base64" value="([^"]+)"', page)
    assert carried is not None
    confirm = csrf | {"confirm": "1", "csv_base64": carried.group(1)}
    done = hr.post(f"/hr/campaigns/{campaign}/import", data=confirm, follow_redirects=False)
    assert done.status_code == 303
    assert {name for name, _ in _stored(db, campaign).values()} == set(NAMES)


def test_a_workbook_or_a_bad_language_is_refused_in_the_page_s_language(
    hr: TestClient, db: Session
) -> None:
    campaign = make_campaign(hr, languages=["fr"])
    csrf = {"csrf_token": hr.cookies.get("csrf_token") or ""}
    url = f"/hr/campaigns/{campaign}/import?lang=fr"
    workbook = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00b\xee\x9dh^\x01\x00\x00"
    refused = hr.post(url, data=csrf, files={"csv_file": ("gens.xlsx", workbook, "text/csv")})
    assert refused.status_code == 422
    assert "ce fichier n'est pas un fichier texte CSV" in refused.text.replace("&#39;", "'")
    bad = b"code,team,language\ne1,Support,en\ne2,Support,klingon\ne3,Nowhere,fr\n"
    preview = hr.post(url, data=csrf, files={"csv_file": ("gens.csv", bad, "text/csv")})
    page = preview.text.replace("&#39;", "'")
    assert "Ligne 2 : la langue « en » ne fait pas partie des langues de la campagne (fr)" in page
    assert "Ligne 3 : la langue « klingon »" in page
    assert "Ligne 4 : équipe « Nowhere » inconnue : créez-la d'abord" in page
    assert "Confirmer l'import" not in page
    assert _stored(db, campaign) == {}


def test_re_importing_without_the_language_column_keeps_each_person_s_language(
    hr: TestClient, db: Session
) -> None:
    campaign = make_campaign(hr)
    _api_import(hr, campaign, FILE.encode(), confirm=True)
    again = "code,team,full_name\n" + "".join(f"p{i},Support,{n}\n" for i, n in enumerate(NAMES))
    preview = _api_import(hr, campaign, again.encode(), confirm=True)
    assert {row["action"] for row in preview["rows"]} == {"unchanged"}
    assert _stored(db, campaign)["p1"] == (NAMES[1], "en")


@pytest.mark.parametrize(
    "body",
    [
        {"csv": "code,team\n", "csv_base64": "Y29kZSx0ZWFtCg=="},  # both
        {"confirm": True},  # neither
        {"csv_base64": "not base64 at all!"},
    ],
)
def test_the_api_wants_one_file_and_valid_base64(hr: TestClient, body: dict) -> None:  # type: ignore[type-arg]
    campaign = make_campaign(hr)
    response = hr.post(f"/api/v1/hr/campaigns/{campaign}/participants/import", json=body)
    assert response.status_code == 422 and response.json()["error"] == "InvalidInput"
