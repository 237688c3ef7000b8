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
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.config import Settings
from app.db.models import ApiToken, AuditEvent, Campaign, HRUser, Organisation, Participant, Team
from app.domain import ApiScope, HRRole
from app.main import create_app
from app.repositories import instruments
from app.services.demo import load_demo
from iat.study import study_document
from tests.support import pseudo_locale
from tests.support.hr import login, make_user
from tests.support.hr_world import World, add_person, flatten_teams, make_world
from tests.support.invitations import demo_campaign, invite
from tests.support.participants import answer_questionnaire, auth, simulated_blocks

API = "/api/v1/participant"
XX = pseudo_locale.PSEUDO
# Machine codes and fixed symbols that are not sentences (formats, scopes, keys, subscales).
MACHINE = {"CSV", "XLSX", "XX", "FR", "EN", "LEAD", "CONN", "AUTO", "UTC"}
MACHINE |= {scope.value for scope in ApiScope}  # shown as <code>, as the API names them
# The other languages' names are written in those languages, on purpose.
MACHINE |= {"Français", "English"}


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


def _xx_campaign(db: Session, settings: Settings, pseudo: pseudo_locale.PseudoLocale) -> Campaign:
    load_demo(db, settings)
    campaign = demo_campaign(db)
    study = instruments.get_or_add_study(
        db, pseudo.study.id, pseudo.study.version, study_document(pseudo.study)
    )
    bank = pseudo.questionnaire
    stored = instruments.get_or_add_questionnaire_bank(
        db, bank.name, bank.version, bank.model_dump(mode="json")
    )
    campaign.study_id, campaign.questionnaire_bank_id = study.id, stored.id
    campaign.languages = [XX, "en", "fr"]
    db.commit()
    return campaign


def _allowed(db: Session, campaign: Campaign) -> set[str]:
    names = {campaign.name, campaign.controller, campaign.dpo_contact, campaign.purpose}
    names |= {campaign.legal_basis, campaign.recipients}
    names |= set(db.scalars(select(Team.name))) | set(db.scalars(select(Organisation.name)))
    names |= set(db.scalars(select(HRUser.email))) | set(db.scalars(select(ApiToken.name)))
    names |= set(db.scalars(select(Participant.code)))
    # The audit log shows its event codes as codes (``hr.login``, ``hr_user``): machine names.
    for column in (AuditEvent.action, AuditEvent.actor_kind, AuditEvent.target_kind):
        names |= {value for value in db.scalars(select(column)) if value}
    names |= set(db.scalars(select(Campaign.name)))
    return {n for n in names if n} | MACHINE


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
    campaign = _xx_campaign(db, settings, pseudo)
    campaign.employee_feedback = True
    db.commit()
    allowed = _allowed(db, campaign)
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
)
CAMPAIGN_PAGES = ("", "/dashboard", "/exports")


def test_hr_pages_and_codebook_are_all_catalogue(
    xx_client: tuple[TestClient, pseudo_locale.PseudoLocale], db: Session, settings: Settings
) -> None:
    client, pseudo = xx_client
    campaign = _xx_campaign(db, settings, pseudo)
    allowed = _allowed(db, campaign)
    home, sign_in = client.get("/"), client.get("/hr/login")
    _assert_wrapped(pseudo_locale.page_texts(home.text), allowed, "/")
    _assert_wrapped(pseudo_locale.page_texts(sign_in.text), allowed, "/hr/login")
    make_user(db, "hr@xx.example", HRRole.HR_ADMIN, campaign.organisation_id)
    login(client, "hr@xx.example")
    allowed = _allowed(db, campaign)
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
    allowed = _allowed(db, published.campaign)
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
