"""No text escapes the catalogues: a pseudo-language shows only wrapped text.

``xx`` is added through data only (tests/support/pseudo_locale.py): its catalogue wraps every
msgid in ⟦…⟧, its study, test texts and questionnaire are wrapped copies of the English ones.
The participant's way (page, consent, plan texts, questionnaire, feedback), the HR pages and
the codebook are then read in ``xx``; once the wrapped parts are removed, only names, entered
text, numbers and machine codes may remain.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.config import Settings
from app.domain import HRRole
from app.main import create_app
from tests.support import pseudo_locale
from tests.support.hr import login, make_user
from tests.support.hr_world import World, add_person, flatten_teams, make_world
from tests.support.invitations import invite
from tests.support.participants import answer_questionnaire, auth, simulated_blocks

API = "/api/v1/participant"
XX = pseudo_locale.PSEUDO


@pytest.fixture
def xx_client(
    settings: Settings, engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[tuple[TestClient, pseudo_locale.PseudoLocale]]:
    pseudo = pseudo_locale.install(monkeypatch, tmp_path)
    app = create_app(settings.model_copy(update={"languages": f"{XX},en,fr"}))
    try:
        with TestClient(app) as client:
            client.cookies.set("lang", XX)
            yield client, pseudo
    finally:
        app.state.engine.dispose()
        pseudo_locale.uninstall()


def _assert_wrapped(texts: list[str], allowed: set[str], where: str) -> None:
    escaped = {t: pseudo_locale.escaped(t, allowed) for t in texts}
    assert {t: rest for t, rest in escaped.items() if rest} == {}, where


def _participant_page(client: TestClient, token: str, allowed: set[str]) -> None:
    page = client.get(f"/p/{token}")
    assert page.status_code == 200
    _assert_wrapped(pseudo_locale.page_texts(page.text), allowed, "participant page")
    found = re.search(r'id="ui-texts">(.*?)</script>', page.text, re.S)
    assert found is not None
    ui = json.loads(found.group(1))
    assert set(ui) == {XX, "en", "fr"}
    assert all(text.startswith("⟦") for text in ui[XX].values())


def _participant_way(client: TestClient, token: str, allowed: set[str]) -> None:
    session = client.get(f"{API}/session?lang={XX}", headers=auth(token)).json()
    _assert_wrapped(pseudo_locale.strings_of(session["consent"]), allowed, "consent")
    consent = {"language": XX, "accept": True}
    assert client.post(f"{API}/consent", json=consent, headers=auth(token)).status_code == 200
    started = client.post(f"{API}/start", json={"input_modality": "keyboard"}, headers=auth(token))
    plan: dict[str, Any] = started.json()["plan"]
    _assert_wrapped(pseudo_locale.strings_of(plan["texts"]), allowed, "test texts")
    labels = [e["label"] for b in plan["blocks"] for e in b["left"] + b["right"]]
    stimuli = [t["text"] for b in plan["blocks"] for t in b["trials"]]
    _assert_wrapped(labels + stimuli, allowed, "labels and stimuli")
    for index, payload in enumerate(simulated_blocks(plan), 1):
        assert client.put(f"{API}/blocks/{index}", json=payload, headers=auth(token)).is_success
    questionnaire = answer_questionnaire(client, token)
    wording = [questionnaire["title"], questionnaire["scale"], questionnaire["pages"]]
    _assert_wrapped(pseudo_locale.strings_of(wording), allowed, "questionnaire")
    finished = client.post(f"{API}/finish", headers=auth(token)).json()
    _assert_wrapped(finished["feedback"]["paragraphs"], allowed, "feedback")


def test_the_participants_way_is_all_catalogue_and_data(
    xx_client: tuple[TestClient, pseudo_locale.PseudoLocale], db: Session, settings: Settings
) -> None:
    client, pseudo = xx_client
    campaign = pseudo_locale.xx_campaign(db, settings, pseudo)
    campaign.employee_feedback = True
    db.commit()
    allowed = pseudo_locale.allowed_words(db, campaign)
    token = invite(db, campaign)
    _participant_page(client, token, allowed)
    _participant_way(client, token, allowed)


HR_PAGES = (
    "/hr/campaigns",
    "/hr/campaigns/new",
    "/hr/teams",
    "/hr/users",
    "/hr/audit",
    "/hr/tokens",
    "/hr/guide",
)
CAMPAIGN_PAGES = ("", "/dashboard", "/exports")


def test_hr_pages_and_codebook_are_all_catalogue(
    xx_client: tuple[TestClient, pseudo_locale.PseudoLocale], db: Session, settings: Settings
) -> None:
    client, pseudo = xx_client
    campaign = pseudo_locale.xx_campaign(db, settings, pseudo)
    allowed = pseudo_locale.allowed_words(db, campaign)
    home, sign_in = client.get("/"), client.get("/hr/login")
    _assert_wrapped(pseudo_locale.page_texts(home.text), allowed, "/")
    _assert_wrapped(pseudo_locale.page_texts(sign_in.text), allowed, "/hr/login")
    make_user(db, "hr@xx.example", HRRole.HR_ADMIN, campaign.organisation_id)
    login(client, "hr@xx.example")
    allowed = pseudo_locale.allowed_words(db, campaign)
    paths = [*HR_PAGES, *(f"/hr/campaigns/{campaign.id}{p}" for p in CAMPAIGN_PAGES)]
    for path in paths:
        page = client.get(path)
        assert page.status_code == 200, path
        _assert_wrapped(pseudo_locale.page_texts(page.text), allowed, path)
    codebook = client.get(f"/api/v1/hr/campaigns/{campaign.id}/exports/team/codebook.csv")
    rows = list(csv.DictReader(io.StringIO(codebook.text.lstrip("\ufeff"))))
    assert rows and all(row[f"description_{XX}"].startswith("⟦") for row in rows)
    assert {f"description_{lang}" for lang in (XX, "en", "fr")} <= set(rows[0])


@pytest.fixture
def published(db: Session, xx_client: tuple[TestClient, Any]) -> Iterator[World]:
    """A closed campaign with published figures (set up after the client, torn down before)."""
    world = make_world(db, {"Sales": None, "North": "Sales", "Ops": None})
    for team, d in (("Sales", 0.1), ("Sales", 0.2), ("North", 0.4), ("North", 0.5), ("Ops", 0.9)):
        add_person(db, world, team, d=d, subscales={"LEAD": 3.0, "CONN": 4.0, "AUTO": 2.0})
    add_person(db, world, "North", d=0.6, subscales={"LEAD": 4.0, "CONN": 4.0, "AUTO": 3.0})
    db.commit()
    yield world
    flatten_teams(db)


def test_published_dashboard_and_spreadsheet_are_all_catalogue(
    xx_client: tuple[TestClient, pseudo_locale.PseudoLocale], db: Session, published: World
) -> None:
    client, _ = xx_client
    make_user(db, "hr@org.example", HRRole.HR_ADMIN, published.organisation.id)
    login(client, "hr@org.example")
    allowed = pseudo_locale.allowed_words(db, published.campaign)
    for suffix in ("/dashboard", "/exports"):
        page = client.get(f"/hr/campaigns/{published.campaign.id}{suffix}")
        assert page.status_code == 200, suffix
        _assert_wrapped(pseudo_locale.page_texts(page.text), allowed, suffix)
    csrf = client.cookies.get("csrf_token") or ""
    workbook = client.post(
        f"/hr/campaigns/{published.campaign.id}/exports",
        data={"kind": "team", "format": "xlsx", "csrf_token": csrf},
    )
    assert workbook.status_code == 200, workbook.text[:300]
    sheet = load_workbook(io.BytesIO(workbook.content), read_only=True)["codebook"]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index(f"description_{XX}")
    assert all(str(row[column]).startswith("⟦") for row in rows[1:])


def _alert(html: str) -> str:
    found = re.search(r'<p class="hr-alert" role="alert">(.*?)</p>', html, re.S)
    assert found is not None, html[:500]
    return found.group(1)


def test_hr_form_and_state_errors_are_all_catalogue(
    xx_client: tuple[TestClient, pseudo_locale.PseudoLocale], db: Session, settings: Settings
) -> None:
    """An HR form refused (closing before opening), an import with line errors, a state change
    not allowed and an unknown campaign: the reader sees the error in ``xx`` only."""
    client, pseudo = xx_client
    campaign = pseudo_locale.xx_campaign(db, settings, pseudo)
    make_user(db, "hr@xx.example", HRRole.HR_ADMIN, campaign.organisation_id)
    login(client, "hr@xx.example")
    csrf = client.cookies.get("csrf_token") or ""
    entered = {"name": "Barometer", f"texts.{XX}.controller": "Org", f"texts.{XX}.purpose": "P"}
    entered |= {f"texts.{XX}.dpo_contact": "dpo@org", f"texts.{XX}.recipients": "Recipients"}
    allowed = pseudo_locale.allowed_words(db, campaign) | set(entered.values()) | {"Nowhere"}
    form = {"csrf_token": csrf, "languages": [XX, "en"], "with_questionnaire": "on", **entered}
    form |= {"opens_at": "2031-02-01", "closes_at": "2031-01-01"}
    refused = client.post("/hr/campaigns", data=form)
    assert refused.status_code == 422
    assert "⟦the campaign must close after it opens⟧" in _alert(refused.text)
    assert 'id="closes_at-error">⟦the campaign must close after it opens⟧' in refused.text
    _assert_wrapped(pseudo_locale.page_texts(refused.text), allowed, "refused form")
    url = f"/hr/campaigns/{campaign.id}"
    people = {"csrf_token": csrf, "csv_text": "code,team\ne01,Nowhere\n"}
    preview = client.post(f"{url}/import", data=people)
    assert "⟦unknown team &#39;Nowhere&#39;: create it first⟧" in preview.text
    _assert_wrapped(pseudo_locale.page_texts(preview.text), allowed, "import preview")
    again = client.post(f"{url}/state", data={"csrf_token": csrf, "action": "open"})
    assert again.status_code == 409
    assert "⟦a ⟦open⟧ campaign cannot become ⟦open⟧⟧" in _alert(again.text)
    _assert_wrapped(pseudo_locale.page_texts(again.text), allowed, "state change")
    missing = client.get("/hr/campaigns/999999")
    assert missing.status_code == 404 and "⟦no campaign 999999⟧" in missing.text
    _assert_wrapped(pseudo_locale.page_texts(missing.text), allowed, "unknown campaign")


def test_participant_error_pages_are_all_catalogue(
    xx_client: tuple[TestClient, pseudo_locale.PseudoLocale], db: Session, settings: Settings
) -> None:
    """An unknown link and the link of a closed campaign: the page and its detail in ``xx``."""
    client, pseudo = xx_client
    campaign = pseudo_locale.xx_campaign(db, settings, pseudo)
    allowed = pseudo_locale.allowed_words(db, campaign)
    token = invite(db, campaign)
    unknown = client.get("/p/not-a-link-we-issued")
    assert unknown.status_code == 404
    assert "⟦this link is not valid; check that you copied it completely⟧" in unknown.text
    _assert_wrapped(pseudo_locale.page_texts(unknown.text), allowed, "unknown link")
    campaign.state = "closed"
    db.commit()
    closed = client.get(f"/p/{token}")
    assert closed.status_code == 410 and "⟦this campaign is closed⟧" in closed.text
    _assert_wrapped(pseudo_locale.page_texts(closed.text), allowed, "closed campaign")
