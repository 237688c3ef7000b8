"""The study editor (HR pages): copy a built-in study, see iat's errors next to the field in
the page's language, save, version, preview without storing, upload pictures by content."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.base import Base
from app.db.models import Campaign, Study, StudyImage
from app.domain import CampaignState, HRRole
from tests.support.hr import login, make_campaign, make_user, organisation, signed_in_admin
from tests.support.html_forms import field_errors, form_values
from tests.support.studies import HTML_AS_PNG, SVG, picture, study_doc

MIB = 1024 * 1024


def _copied_form(client: TestClient, study_id: str = "ours") -> dict[str, Any]:
    page = client.get("/hr/studies/new?template=default&lang=fr")
    assert page.status_code == 200
    values = form_values(page.text, "/hr/studies")
    form = {name: v[0] for name, v in values.items()}
    assert form["id"] == "default-copy" and form["languages.fr"] == "on"
    return form | {"id": study_id}


def _save(client: TestClient, form: dict[str, Any]) -> int:
    saved = client.post("/hr/studies", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    return int(saved.headers["location"].split("/")[3].split("?")[0])


def test_a_copied_study_is_saved_then_versioned_once_a_campaign_used_it(
    client: TestClient, db: Session
) -> None:
    signed_in_admin(client, db)
    form = _copied_form(client)
    first = _save(client, form)
    assert _save(client, form | {"title.fr": "Client d'abord"}) == first  # a draft: in place
    study = db.get(Study, first)
    assert study is not None and study.version_number == 1
    campaign = Campaign(organisation_id=study.organisation_id, name="Vague 1", study_id=first,
                        state=CampaignState.CLOSED)  # fmt: skip
    db.add(campaign)
    db.commit()
    second = _save(client, form | {"title.fr": "Deuxième"})
    assert second != first
    db.expire_all()
    assert db.get(Study, first).definition["title"]["fr"] == "Client d'abord"  # type: ignore[union-attr]
    assert db.get(Campaign, campaign.id).study_id == first  # type: ignore[union-attr]
    history = client.get(f"/hr/studies/{second}").text
    assert f'<a href="/hr/studies/{first}">1</a>' in history and "<strong>2</strong>" in history
    listing = client.get("/hr/studies")
    assert f"/hr/studies/{second}" in listing.text and f'/hr/studies/{first}"' not in listing.text
    offered = client.get("/hr/campaigns/new")
    assert 'value="ours"' in offered.text  # a new campaign can run it: the newest version
    new_campaign = db.get(Campaign, make_campaign(client, "Vague 2", study="ours"))
    assert new_campaign is not None and new_campaign.study_id == second


def test_iat_errors_show_next_to_the_field_in_the_page_language(
    client: TestClient, db: Session
) -> None:
    signed_in_admin(client, db)
    form = _copied_form(client)
    first_word = form["categories.target_a.stimuli.fr"].splitlines()[0]
    words = form["categories.attribute_neg.stimuli.fr"].splitlines()
    twice = form | {"categories.attribute_neg.stimuli.fr": "\n".join([first_word, *words[1:]])}
    refused = client.post("/hr/studies?lang=fr", data=twice)
    assert refused.status_code == 422
    errors = field_errors(refused.text, "/hr/studies")
    assert "deux catégories" in errors["categories-attribute_neg-stimuli-fr"]
    assert form_values(refused.text, "/hr/studies")["categories.attribute_neg.stimuli.fr"] == [
        twice["categories.attribute_neg.stimuli.fr"]
    ]  # what was typed stays
    short = form | {"categories.target_b.stimuli.fr": "Mémo\nBudget\nAudit\nRéunion\nNote"}
    unbalanced = client.post("/hr/studies?lang=en", data=short)
    assert (
        "as many stimuli"
        in field_errors(unbalanced.text, "/hr/studies")["categories-target_b-stimuli-fr"]
    )
    bad_plan = client.post("/hr/studies?lang=en", data=form | {"block_plan": "[{"})
    assert "JSON" in field_errors(bad_plan.text, "/hr/studies")["block_plan"]
    assert db.scalar(select(func.count()).select_from(Study)) == 0


def test_a_manager_cannot_edit_and_another_organisation_sees_nothing(
    client: TestClient, db: Session
) -> None:
    signed_in_admin(client, db, "A")
    study_id = _save(client, _copied_form(client))
    make_user(db, "admin@b.example", HRRole.HR_ADMIN, organisation(db, "B").id)
    login(client, "admin@b.example")
    for url in (f"/hr/studies/{study_id}", f"/hr/studies/{study_id}/preview"):
        assert client.get(url).status_code == 404
    assert "ours" not in client.get("/hr/studies").text
    make_user(db, "boss@a.example", HRRole.MANAGER, organisation(db, "A").id)
    login(client, "boss@a.example")
    assert client.get(f"/hr/studies/{study_id}").status_code == 403
    refused = client.post("/hr/studies", data={"id": "ours", "title.fr": "Piraté"})
    assert refused.status_code == 403 and "text/html" in refused.headers["content-type"]
    db.expire_all()
    assert db.get(Study, study_id).definition["title"]["fr"] != "Piraté"  # type: ignore[union-attr]


def _row_counts(db: Session) -> dict[str, int]:
    return {
        t.name: db.scalar(select(func.count()).select_from(t)) or 0
        for t in Base.metadata.sorted_tables
    }


def test_the_preview_runs_the_plan_and_stores_nothing(client: TestClient, db: Session) -> None:
    signed_in_admin(client, db)
    study_id = _save(client, _copied_form(client))
    before = _row_counts(db)
    page = client.get(f"/hr/studies/{study_id}/preview?lang=fr")
    assert page.status_code == 200 and 'id="preview-plan"' in page.text
    assert "/static/js/participant/on-demand/preview.js" in page.text
    assert "/api/" not in page.text.split('id="preview-plan"')[0]
    db.expire_all()
    assert _row_counts(db) == before


def test_pictures_are_checked_by_content_on_the_page(client: TestClient, db: Session) -> None:
    signed_in_admin(client, db)
    for name, fake in (("x.png", SVG), ("x.png", HTML_AS_PNG), ("x.svg", SVG)):
        files = {"picture": (name, fake, "image/png")}
        refused = client.post("/hr/studies/images?lang=en", files=files)
        assert refused.status_code == 422 and "PNG, JPEG or WebP" in refused.text
    assert db.scalar(select(func.count()).select_from(StudyImage)) == 0
    files = {"picture": ("face.webp", picture("WEBP"), "application/octet-stream")}
    stored = client.post("/hr/studies/images", files=files)
    assert stored.status_code == 201 and ".webp | " in stored.text
    big = {"picture": ("big.png", picture() + b"\0" * (5 * MIB + 10), "image/png")}
    assert client.post("/hr/studies/images", files=big).status_code == 413
    client.cookies.clear()
    anonymous = client.post("/hr/studies/images", files={"picture": ("a.png", b"\0" * MIB)})
    assert anonymous.status_code == 413  # no session: the ordinary 256 KiB


def test_the_token_page_offers_the_studies_write_scope(client: TestClient, db: Session) -> None:
    signed_in_admin(client, db)
    page = client.get("/hr/tokens?lang=en")
    assert 'value="studies:write"' in page.text and "upload pictures" in page.text
    form = {"name": "editor", "scopes": ["studies:write"], "expires_in_days": "7"}
    created = client.post("/hr/tokens", data=form)
    assert created.status_code == 201
    secret = created.text.split('id="new-token">')[1].split("<")[0]
    client.cookies.clear()
    headers = {"Authorization": f"Bearer {secret}"}
    saved = client.post("/api/v1/studies", json=study_doc(), headers=headers)
    assert saved.status_code == 201, saved.text


def test_an_odd_language_box_is_a_clear_error(client: TestClient, db: Session) -> None:
    signed_in_admin(client, db)
    form = _copied_form(client) | {"languages.<b>x</b>": "on"}
    refused = client.post("/hr/studies?lang=en", data=form)
    assert refused.status_code == 422 and "<b>x</b>" not in refused.text


def test_saving_the_edit_page_unchanged_changes_nothing(client: TestClient, db: Session) -> None:
    signed_in_admin(client, db)
    study_id = _save(client, _copied_form(client))
    stored = db.get(Study, study_id)
    assert stored is not None
    before = (stored.content_hash, dict(stored.definition))
    page = client.get(f"/hr/studies/{study_id}")
    form = {name: values[0] for name, values in form_values(page.text, "/hr/studies").items()}
    assert _save(client, form) == study_id
    db.expire_all()
    assert (stored.content_hash, stored.definition) == before
    assert db.scalar(select(func.count()).select_from(Study)) == 1
