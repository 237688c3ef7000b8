"""A campaign's texts per language: a French participant never reads the English texts and the
reverse; texts only for the campaign's languages and known keys; the GDPR facts required in
every language before opening and locked after; old single texts still shown."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Campaign
from tests.support.hr import make_campaign, make_team, signed_in_admin, unlink_team_tree
from tests.support.participants import auth

KEYS = ("controller", "dpo_contact", "purpose", "legal_basis", "recipients")
FR = {key: f"{key} en français" for key in KEYS}
EN = {key: f"{key} in English" for key in KEYS}


@pytest.fixture
def hr(client: TestClient, db: Session) -> Iterator[TestClient]:
    make_team(signed_in_admin(client, db), "Support")
    yield client
    unlink_team_tree(db)


def _open_with_one_person(client: TestClient, campaign: int) -> str:
    url = f"/api/v1/hr/campaigns/{campaign}"
    body = {"csv": "code,team\np1,Support\n", "confirm": True}
    assert client.post(f"{url}/participants/import", json=body).json()["written"]
    assert client.post(f"{url}/open").status_code == 200
    links = client.post(f"{url}/invitations", json={}).text.lstrip("\ufeff")
    return next(csv.DictReader(io.StringIO(links)))["url"].rsplit("/", 1)[1]


def _consent_text(client: TestClient, token: str, lang: str) -> str:
    session = client.get(f"/api/v1/participant/session?lang={lang}", headers=auth(token))
    assert session.status_code == 200, session.text
    return str(session.json()["consent"])


def test_each_participant_reads_the_texts_of_their_own_language(hr: TestClient) -> None:
    campaign = make_campaign(hr, texts={"fr": FR, "en": EN})
    token = _open_with_one_person(hr, campaign)
    french, english = _consent_text(hr, token, "fr"), _consent_text(hr, token, "en")
    assert all(text in french for text in FR.values())
    assert not any(text in french for text in EN.values())
    assert all(text in english for text in EN.values())
    assert not any(text in english for text in FR.values())


def test_opening_needs_every_gdpr_text_in_every_language(hr: TestClient, db: Session) -> None:
    missing = {"fr": FR, "en": {k: v for k, v in EN.items() if k != "legal_basis"}}
    campaign = make_campaign(hr, texts=missing)
    refused = hr.post(f"/api/v1/hr/campaigns/{campaign}/open")
    assert refused.status_code == 409
    assert refused.json()["detail"] == "texts.en.legal_basis: required before the campaign opens"
    assert db.get(Campaign, campaign).state == "draft"  # type: ignore[union-attr]
    patch = {"texts": {"en": {"legal_basis": "Legitimate interest"}}}
    assert hr.patch(f"/api/v1/hr/campaigns/{campaign}", json=patch).status_code == 200
    assert hr.post(f"/api/v1/hr/campaigns/{campaign}/open").status_code == 200


@pytest.mark.parametrize(
    ("texts", "where"),
    [
        ({"de": FR}, "texts.de"),  # not an offered language
        ({"fr": FR, "en": EN}, "texts.en"),  # not a language of this campaign (French only)
        ({"fr": FR | {"footer": "x"}}, "texts.fr.footer"),  # unknown key
        ({"fr": FR | {"purpose": "x" * 2001}}, "texts.fr.purpose"),
        ({"fr": FR | {"invitation_subject": "Hi\r\nBcc: all@org.example"}}, "invitation_subject"),
        ({"fr": FR | {"invitation_body": "x" * 10_001}}, "texts.fr.invitation_body"),
    ],
)
def test_texts_outside_the_campaign_s_languages_or_keys_are_refused_and_nothing_written(
    hr: TestClient, db: Session, texts: dict[str, object], where: str
) -> None:
    body = {"name": "X", "languages": ["fr"], "texts": texts}
    refused = hr.post("/api/v1/hr/campaigns", json=body)
    assert refused.status_code == 422, refused.text
    assert where in refused.json()["detail"]
    assert db.scalar(select(func.count()).select_from(Campaign)) == 0


def test_reminder_days_are_positive_days_stored_in_order(hr: TestClient) -> None:
    campaign = make_campaign(hr, reminder_days=[7, 3, 7])
    url = f"/api/v1/hr/campaigns/{campaign}"
    assert hr.get(url).json()["campaign"]["reminder_days"] == [3, 7]
    for bad in ([0], [-2], [366], ["soon"], list(range(1, 30))):
        assert hr.patch(url, json={"reminder_days": bad}).status_code == 422, bad
    assert hr.get(url).json()["campaign"]["reminder_days"] == [3, 7]


def test_once_open_the_gdpr_texts_are_locked_but_the_e_mails_are_not(hr: TestClient) -> None:
    campaign = make_campaign(hr, texts={"fr": FR, "en": EN})
    url = f"/api/v1/hr/campaigns/{campaign}"
    assert hr.post(f"{url}/open").status_code == 200
    changed = hr.patch(url, json={"texts": {"fr": {"purpose": "Autre chose"}}})
    assert changed.status_code == 409
    assert changed.json()["detail"].startswith("texts.fr.purpose: the privacy policy is locked")
    cleared = hr.patch(url, json={"texts": {"en": {"controller": ""}}})
    assert cleared.status_code == 409
    same = {"purpose": FR["purpose"], "invitation_subject": "Votre avis compte"}
    saved = hr.patch(url, json={"texts": {"fr": same}, "reminder_days": [5]})
    assert saved.status_code == 200, saved.text
    texts = saved.json()["campaign"]["texts"]
    assert texts["fr"] == FR | {"invitation_subject": "Votre avis compte"} and texts["en"] == EN
    assert hr.patch(url, json={"languages": ["fr"]}).json()["campaign"]["texts"] == {
        "fr": texts["fr"]
    }


def test_a_campaign_made_before_texts_per_language_still_shows_its_texts(
    hr: TestClient, db: Session
) -> None:
    campaign = make_campaign(hr, texts={})
    row = db.get(Campaign, campaign)
    assert row is not None
    for key in KEYS:  # what such a campaign held: one text per fact, no texts per language
        setattr(row, key, f"old {key}")
    db.commit()
    token = _open_with_one_person(hr, campaign)
    assert "old purpose" in _consent_text(hr, token, "en")
    shown = hr.get(f"/api/v1/hr/campaigns/{campaign}").json()["campaign"]["texts"]
    assert shown["fr"]["legal_basis"] == shown["en"]["legal_basis"] == "old legal_basis"
