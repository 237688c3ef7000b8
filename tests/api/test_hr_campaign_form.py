"""The campaign form refused: every entry comes back as typed, and each error is shown next to
its field in the page's language (a careless HR user's form, replayed through HTTP)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Campaign
from tests.support.hr import make_campaign, make_team, signed_in_admin, unlink_team_tree
from tests.support.html_forms import field_errors, form_values


@pytest.fixture
def hr(client: TestClient, db: Session) -> Iterator[TestClient]:
    yield signed_in_admin(client, db)
    unlink_team_tree(db)


def _typed(team: int) -> dict[str, object]:
    """A form as a person fills it, closing before it opens; every field away from its
    default (a value the page would show anyway proves nothing)."""
    return {
        "name": "Baromètre d'automne",
        "languages": ["en"],
        "opens_at": "2031-02-01",
        "closes_at": "2031-01-15",
        "team_ids": [str(team)],
        "study": "self-concept",
        "with_questionnaire": "on",
        "individual_results": "named",
        "min_group_size_questionnaire": "7",
        "min_group_size_iat": "12",
        "retention_days": "200",
        "open_link_counts_toward_minimum": "on",
        "reminder_days": "3, 7",
        "texts.en.purpose": "Measure our customer culture",
        "texts.en.controller": "Org Ltd <b>HQ</b>",
        "texts.fr.legal_basis": "Intérêt légitime",
        "texts.en.invitation_subject": "Your voice counts",
        "texts.en.reminder_body": "Two minutes left?\nThanks",
    }


def _as_sent(typed: dict[str, object]) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [str(v)] for k, v in typed.items()}


def test_a_refused_new_campaign_keeps_every_entry_and_says_why_in_french(
    hr: TestClient, db: Session
) -> None:
    team = make_team(hr, "Support")
    make_team(hr, "Ventes")
    typed = _typed(team)
    sent = {"csrf_token": hr.cookies.get("csrf_token"), **typed}
    refused = hr.post("/hr/campaigns?lang=fr", data=sent)
    assert refused.status_code == 422
    shown = form_values(refused.text, "/hr/campaigns")
    shown.pop("csrf_token")
    shown = {key: value for key, value in shown.items() if value != [""]}  # fields left empty
    assert shown == _as_sent(typed)  # with_iat was unticked and stays so
    errors = field_errors(refused.text, "/hr/campaigns")
    assert errors == {"closes_at": "la campagne doit se terminer après son ouverture"}
    assert "closes_at:" not in refused.text  # no machine name in the reader's words
    assert db.scalar(select(func.count()).select_from(Campaign)) == 0


def test_field_errors_are_translated_and_placed_for_each_field(hr: TestClient) -> None:
    sent = {
        "csrf_token": hr.cookies.get("csrf_token"),
        "name": "",
        "languages": ["fr"],
        "min_group_size_iat": "2",
        "retention_days": "beaucoup",
        "reminder_days": "3, 0",
        "texts.fr.invitation_subject": "x" * 201,
    }
    refused = hr.post("/hr/campaigns?lang=fr", data=sent)
    assert refused.status_code == 422
    assert field_errors(refused.text, "/hr/campaigns") == {
        "name": "obligatoire",
        "min_group_size_iat": "au moins 3",
        "retention_days": "un nombre entier est attendu",
        "reminder_days": "au moins 1",
        "texts-fr-invitation_subject": "200 caractères au plus",
    }
    english = hr.post("/hr/campaigns?lang=en", data=sent)
    assert field_errors(english.text, "/hr/campaigns")["min_group_size_iat"] == "at least 3"
    assert 'aria-describedby="min_group_size_iat-error"' in refused.text


def test_a_refused_edit_keeps_what_was_typed_beside_the_stored_values(hr: TestClient) -> None:
    campaign = make_campaign(hr, languages=["fr"])
    url = f"/hr/campaigns/{campaign}"
    sent = {
        "csrf_token": hr.cookies.get("csrf_token"),
        "name": "Nouveau nom",
        "languages": ["fr"],
        "opens_at": "2031-03-01",
        "closes_at": "2031-02-01",
        "texts.fr.purpose": "Nouvelle finalité",
        "reminder_days": "10",
    }
    refused = hr.post(f"{url}/edit?lang=fr", data=sent)
    assert refused.status_code == 422
    shown = form_values(refused.text, f"{url}/edit")
    for key in ("name", "opens_at", "closes_at", "texts.fr.purpose", "reminder_days"):
        assert shown[key] == [sent[key]], key
    assert shown["texts.fr.recipients"] == ["Équipe RH"]  # not sent: the stored text stays
    errors = field_errors(refused.text, f"{url}/edit")
    assert errors == {"closes_at": "la campagne doit se terminer après son ouverture"}
    stored = hr.get(f"/api/v1/hr/campaigns/{campaign}").json()["campaign"]
    assert (
        stored["name"] == "Baromètre 2026"
        and stored["texts"]["fr"]["purpose"] != sent["texts.fr.purpose"]
    )


def test_opening_without_every_language_s_texts_marks_the_missing_fields(
    hr: TestClient,
) -> None:
    texts = {"fr": {"controller": "Org", "dpo_contact": "d", "purpose": "p", "legal_basis": "l",
                    "recipients": "r"}}  # fmt: skip
    campaign = make_campaign(hr, texts=texts)  # French and English, texts in French only
    url = f"/hr/campaigns/{campaign}"
    refused = hr.post(f"{url}/state?lang=fr", data={"csrf_token": hr.cookies.get("csrf_token"),
                                                   "action": "open"})  # fmt: skip
    assert refused.status_code == 409
    errors = field_errors(refused.text, f"{url}/edit")
    keys = ("controller", "dpo_contact", "purpose", "legal_basis", "recipients")
    assert errors == {f"texts-en-{k}": "obligatoire avant l'ouverture de la campagne" for k in keys}
    alert = "manquent dans les champs signalés ci-dessous"  # once, not five times
    assert refused.text.count(alert) == 1
    assert hr.get(f"/api/v1/hr/campaigns/{campaign}").json()["campaign"]["state"] == "draft"


def test_the_edit_form_of_an_open_campaign_sends_no_policy_but_saves_the_e_mails(
    hr: TestClient,
) -> None:
    campaign = make_campaign(hr)
    assert hr.post(f"/api/v1/hr/campaigns/{campaign}/open").is_success
    url = f"/hr/campaigns/{campaign}"
    page = hr.get(url)
    sent = form_values(page.text, f"{url}/edit")  # what a browser sends: no disabled field
    assert "texts.fr.purpose" not in sent and "retention_days" not in sent
    sent |= {"texts.fr.invitation_subject": ["Votre avis compte"], "reminder_days": ["7 3"]}
    saved = hr.post(f"{url}/edit", data=sent, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    stored = hr.get(f"/api/v1/hr/campaigns/{campaign}").json()["campaign"]
    assert stored["reminder_days"] == [3, 7]
    assert stored["texts"]["fr"]["invitation_subject"] == "Votre avis compte"
    assert stored["texts"]["fr"]["purpose"] == "Mesurer la culture client"
