"""studies:write: an organisation's own studies, versioned, and their pictures.

A version a campaign beyond the draft stage has used never changes: saving makes the next
version and the running campaign keeps its own. Another organisation's studies do not exist.
"""

from __future__ import annotations

import asyncio
import io
from typing import Any

from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Campaign, Study, StudyImage
from app.domain import ApiScope
from app.organisations import repository as org_repo
from tests.api.test_research_world import close_campaign, make_token, run_iat
from tests.support.hr import gdpr_texts, organisation
from tests.support.participants import auth
from tests.support.studies import HTML_AS_PNG, PNG_MAGIC_THEN_SCRIPT, SVG, picture, study_doc

WRITE_READ = (ApiScope.STUDIES_WRITE, ApiScope.SCORES_READ, ApiScope.CAMPAIGNS_WRITE)
MIB = 1024 * 1024


def _token(db: Session, name: str, scopes: tuple[ApiScope, ...] = WRITE_READ) -> str:
    return make_token(db, organisation(db, name).id, scopes)


def _save(client: TestClient, token: str, doc: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/v1/studies", json=doc, headers=auth(token))
    assert response.status_code == 201, response.text
    saved: dict[str, Any] = response.json()
    return saved


def _open_campaign(
    client: TestClient, db: Session, token: str, study: str, languages: tuple[str, ...] = ("en",)
) -> int:
    team = org_repo.add_team(db, organisation(db, "A").id, "Support")
    db.commit()
    body = {"name": "Pilot", "team_ids": [team.id], "open": True, "languages": list(languages)}
    body["texts"] = gdpr_texts(list(languages))
    created = client.post("/api/v1/campaigns", json=body | {"study": study}, headers=auth(token))
    assert created.status_code == 201, created.text
    campaign_id: int = created.json()["id"]
    return campaign_id


def test_a_used_version_is_never_edited_saving_makes_the_next(
    client: TestClient, db: Session
) -> None:
    token = _token(db, "A")
    first = _save(client, token, study_doc())
    assert (first["key"], first["version_number"], first["used"]) == ("service-words", 1, False)
    changed = study_doc(title={"en": "Customers first"})
    draft = _save(client, token, changed)  # never used: edited in place
    assert (draft["id"], draft["version_number"]) == (first["id"], 1)
    assert draft["definition"]["title"] == {"en": "Customers first"}
    team = org_repo.add_team(db, organisation(db, "A").id, "Ventes")
    db.commit()
    both = client.post("/api/v1/campaigns", headers=auth(token), json={
        "name": "Bilingual", "team_ids": [team.id], "open": True, "languages": ["fr", "en"],
        "texts": gdpr_texts(), "study": "service-words"})  # fmt: skip
    assert both.status_code == 422 and "not written in fr" in both.json()["detail"]
    campaign_id = _open_campaign(client, db, token, "service-words")
    campaign = db.get(Campaign, campaign_id)
    assert campaign is not None and campaign.study_id == first["id"]
    second = _save(client, token, study_doc(title={"en": "Version two"}))
    assert second["id"] != first["id"] and second["version_number"] == 2
    db.expire_all()
    v1 = db.get(Study, first["id"])
    assert v1 is not None and v1.definition["title"] == {"en": "Customers first"}
    assert db.get(Campaign, campaign_id).study_id == first["id"]  # type: ignore[union-attr]
    listed = client.get("/api/v1/studies", headers=auth(token)).json()
    own = {(s["id"], s["version_number"], s["used"]) for s in listed if s["own"]}
    assert own == {(first["id"], 1, True), (second["id"], 2, False)}
    back = client.post("/api/v1/studies", json=changed, headers=auth(token))
    assert back.status_code == 409  # the content of version 1 again: no duplicate version


def test_another_organisations_studies_do_not_exist(client: TestClient, db: Session) -> None:
    mine = _save(client, _token(db, "A"), study_doc())
    other = _token(db, "B")
    assert all(
        s["id"] != mine["id"] for s in client.get("/api/v1/studies", headers=auth(other)).json()
    )
    assert client.get(f"/api/v1/studies/{mine['id']}", headers=auth(other)).status_code == 404
    theirs = _save(client, other, study_doc())  # the same id in B: B's own study
    assert theirs["id"] != mine["id"] and theirs["version_number"] == 1


def test_scopes(client: TestClient, db: Session) -> None:
    reader = _token(db, "A", (ApiScope.SCORES_READ, ApiScope.CAMPAIGNS_WRITE))
    refused = client.post("/api/v1/studies", json=study_doc(), headers=auth(reader))
    assert refused.status_code == 403 and "studies:write" in refused.json()["detail"]
    image = client.post("/api/v1/studies/images", content=picture(), headers=auth(reader))
    assert image.status_code == 403
    writer = _token(db, "A", (ApiScope.STUDIES_WRITE,))
    assert client.post("/api/v1/studies", json=study_doc(), headers=auth(writer)).status_code == 201
    assert client.get("/api/v1/studies", headers=auth(writer)).status_code == 403
    assert client.post("/api/v1/studies", json=study_doc()).status_code == 401
    assert db.scalar(select(func.count()).select_from(Study)) == 1


def _refusal(client: TestClient, token: str, doc: dict[str, Any]) -> str:
    response = client.post("/api/v1/studies", json=doc, headers=auth(token))
    assert response.status_code == 422, response.text
    detail: str = response.json()["detail"]
    return detail


def test_typed_errors_name_the_field_and_nothing_is_stored(client: TestClient, db: Session) -> None:
    token = _token(db, "A")
    twice = study_doc()
    twice["categories"]["attribute_neg"]["stimuli"]["en"][0] = "client"
    assert _refusal(client, token, twice).startswith("categories.attribute_neg.stimuli.en:")
    unbalanced = study_doc()
    unbalanced["categories"]["target_b"]["stimuli"]["en"].pop()
    assert "target_a has 3 stimuli and target_b 2" in _refusal(client, token, unbalanced)
    assert _refusal(client, token, study_doc("default")).startswith("id:")
    elsewhere = study_doc()
    outside = {"type": "image", "src": "https://tracker.example/x.png", "alt": "A face"}
    elsewhere["categories"]["target_a"]["stimuli"]["en"][0] = outside
    assert "tracker.example" in _refusal(client, token, elsewhere)
    unknown = study_doc()
    missing = {"type": "image", "src": "/media/" + "a" * 64 + ".png", "alt": "A face"}
    unknown["categories"]["target_a"]["stimuli"]["en"][0] = missing
    assert "not an image uploaded" in _refusal(client, token, unknown)
    assert _refusal(client, token, {"id": "x"}).startswith("title:")
    assert db.scalar(select(func.count()).select_from(Study)) == 0


def test_a_picture_is_checked_by_content_resized_and_served_immutable(
    client: TestClient, db: Session
) -> None:
    token = _token(db, "A")
    for fake in (SVG, HTML_AS_PNG, PNG_MAGIC_THEN_SCRIPT, picture("GIF")):
        headers = auth(token) | {"Content-Type": "image/png"}
        refused = client.post("/api/v1/studies/images", content=fake, headers=headers)
        assert refused.status_code == 422 and "PNG, JPEG or WebP" in refused.json()["detail"]
    assert db.scalar(select(func.count()).select_from(StudyImage)) == 0
    uploaded = client.post(
        "/api/v1/studies/images", content=picture("JPEG", (1600, 1200)), headers=auth(token)
    )
    assert uploaded.status_code == 201, uploaded.text
    image = uploaded.json()
    assert (image["width"], image["height"]) == (800, 600) and image["src"].endswith(".jpg")
    served = client.get(image["src"])
    assert served.status_code == 200 and served.headers["content-type"] == "image/jpeg"
    assert "immutable" in served.headers["cache-control"]
    assert served.headers["x-content-type-options"] == "nosniff"
    assert client.get(image["src"].replace(".jpg", ".png")).status_code == 404
    doc = study_doc()
    doc["categories"]["target_a"]["stimuli"]["en"][0] = {
        "type": "image", "src": image["src"], "alt": "A smiling customer"
    }  # fmt: skip
    assert _save(client, token, doc)["version_number"] == 1


def test_a_picture_over_5_mib_is_refused(client: TestClient, db: Session) -> None:
    token = _token(db, "A")
    heavy = picture("PNG") + b"\0" * (5 * MIB + 1)
    refused = client.post("/api/v1/studies/images", content=heavy, headers=auth(token))
    assert refused.status_code == 413 and "5242880" in refused.json()["detail"]
    anonymous = client.post("/api/v1/studies/images", content=b"\0" * MIB)
    assert anonymous.status_code == 413  # without a token: the ordinary 256 KiB


def test_an_oversized_upload_is_refused_before_its_body_is_read(client: TestClient) -> None:
    reads: list[int] = []
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        reads.append(1)
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http", "method": "POST", "path": "/api/v1/studies/images", "raw_path": b"",
        "root_path": "", "scheme": "http", "query_string": b"", "http_version": "1.1",
        "server": ("test", 80), "client": ("test", 1),
        "headers": [(b"content-length", str(6 * MIB + 1).encode()),
                    (b"authorization", b"Bearer whatever")],
    }  # fmt: skip
    asyncio.run(client.app(scope, receive, send))  # type: ignore[arg-type]
    assert sent[0]["status"] == 413 and reads == []


def test_formula_looking_study_texts_never_reach_a_trial_file_as_formulas(
    client: TestClient, db: Session
) -> None:
    """Stimuli and labels are user-entered text: the trial file names a stimulus by its id
    (``target_a:1``), and every text cell is neutralised anyway."""
    token = make_token(db, organisation(db, "A").id, (*WRITE_READ, ApiScope.TRIALS_READ))
    doc = study_doc("formulas", ("fr", "en"))
    for language in ("fr", "en"):
        target_a = doc["categories"]["target_a"]
        target_a["stimuli"][language] = ['=HYPERLINK("http://x")', "+1+1", "@SUM"]
        target_a["labels"][language] = "=cmd|' /C calc'!A0"
    _save(client, token, doc)
    campaign_id = _open_campaign(client, db, token, "formulas", ("fr", "en"))
    url = f"/api/v1/campaigns/{campaign_id}/invitations"
    teams = client.get(f"/api/v1/campaigns/{campaign_id}", headers=auth(token)).json()["team_ids"]
    links = client.post(url, json={"invitees": [{"team_id": teams[0]}]}, headers=auth(token))
    run_iat(client, links.json()["invitations"][0]["token"], seed=3)
    close_campaign(db, campaign_id)
    csv_text = client.get(f"/api/v1/campaigns/{campaign_id}/trials.csv", headers=auth(token)).text
    cells = [cell for line in csv_text.splitlines()[1:] for cell in line.split(",")]
    assert "target_a:1" in cells and len(cells) > 100
    assert not [c for c in cells if c.startswith(("=", "+", "@")) or "HYPERLINK" in c]


def test_a_photo_loses_its_metadata(client: TestClient, db: Session) -> None:
    """A phone photo carries where it was taken: the stored picture is re-encoded without it."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {2: (48.0, 51.0, 24.0)}  # GPSInfo: latitude
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(out, format="JPEG", exif=exif)
    assert b"PhoneMaker" in out.getvalue()
    token = _token(db, "A")
    uploaded = client.post("/api/v1/studies/images", content=out.getvalue(), headers=auth(token))
    served = client.get(uploaded.json()["src"]).content
    assert b"PhoneMaker" not in served and not Image.open(io.BytesIO(served)).getexif()
