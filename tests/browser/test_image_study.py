"""A study with pictures in Chromium: each block's pictures are fetched and decoded before the
block starts, and a picture's onset is its own paint (the timing contract holds for images).
The editor's preview runs the same task and sends nothing to the server."""

from __future__ import annotations

import io
import secrets
from typing import Any

from PIL import Image
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.demo.organisation import load_demo
from app.domain import ActorKind, HRRole
from app.instruments import editing, images
from app.scope import Scope
from iat import load_builtin_study, study_document
from tests.support.hr import PASSWORD, make_user
from tests.support.invitations import demo_campaign, named_campaign_invitation
from tests.support.page_driver import drive

COLOURS = ((200, 30, 30), (30, 160, 60), (30, 60, 200), (220, 180, 20), (120, 30, 150), (0, 0, 0))
# Each <img class="iat-stim"> as it is inserted: was its picture decoded already, and when.
WATCH_INSERTIONS = """
window.__inserted = [];
new MutationObserver((changes) => {
  for (const change of changes) for (const node of change.addedNodes) {
    if (node.tagName === 'IMG' && node.classList.contains('iat-stim')) {
      window.__inserted.push({src: node.getAttribute('src'), complete: node.complete,
        width: node.naturalWidth, at: performance.now(), id: node.getAttribute('elementtiming')});
    }
  }
}).observe(document, {childList: true, subtree: true});
"""


def _image_study(db: Session, organisation_id: int) -> int:
    sources = []
    for colour in COLOURS:  # a distinct picture per colour
        out = io.BytesIO()
        Image.new("RGB", (120, 90), colour).save(out, format="PNG")
        sources.append(images.store_image(db, organisation_id, out.getvalue()).src)
    document = study_document(load_builtin_study("default"))
    document.pop("version")
    document["id"] = f"faces-{secrets.token_hex(3)}"
    for language in ("fr", "en"):
        document["categories"]["target_a"]["stimuli"][language] = [
            {"type": "image", "src": src, "alt": f"visage {i}"} for i, src in enumerate(sources, 1)
        ]
    author = editing.Author(ActorKind.SYSTEM, "test")
    return editing.save_study(db, Scope(organisation_id), author, document).study.id


def test_pictures_are_decoded_before_the_block_and_timed_by_their_paint(
    page: Any, base_url: str, browser_settings: Settings, db_sessions: sessionmaker[Session]
) -> None:
    with db_sessions() as db:
        load_demo(db, browser_settings)
        study_id = _image_study(db, demo_campaign(db).organisation_id)
        token = named_campaign_invitation(db, browser_settings, "Pictures", study_id=study_id)
    page.add_init_script(WATCH_INSERTIONS)
    page.goto(f"{base_url}/p/{token}?timing=1")
    assert page.evaluate("window.__iatHarnessStart()") is True
    drive(page, 0, 1 + 20)  # block 1: the targets, half of them pictures
    trials = page.evaluate("window.__iatTiming.trials")
    inserted = page.evaluate("window.__inserted")
    fetched = page.evaluate(
        "performance.getEntriesByType('resource').filter(e => e.name.includes('/media/'))"
        ".map(e => ({name: e.name, end: e.responseEnd}))"
    )
    assert inserted and all(i["complete"] and i["width"] == 120 for i in inserted)
    first_insertion = min(i["at"] for i in inserted)
    assert len({f["name"] for f in fetched}) == len(fetched)  # each picture fetched once
    assert all(f["end"] < first_insertion for f in fetched)  # before the block's first picture
    pictures = [t for t in trials[1:21] if t["stimulus"].startswith("visage ")]
    assert len(pictures) == len(inserted) >= 5
    for trial, shown in zip(pictures, inserted, strict=True):
        onset = trial["onset"]
        assert onset["used"] == "paint", onset
        assert onset["dom"] <= shown["at"] + 1 and onset["paint"] >= onset["dom"]
        assert trial["response"]["eventTimeStamp"] > onset["paint"]


def test_the_preview_runs_the_task_and_sends_nothing(
    page: Any, base_url: str, browser_settings: Settings, db_sessions: sessionmaker[Session]
) -> None:
    email = f"admin-{secrets.token_hex(3)}@preview.example"
    with db_sessions() as db:
        load_demo(db, browser_settings)
        organisation_id = demo_campaign(db).organisation_id
        make_user(db, email, HRRole.HR_ADMIN, organisation_id)
        study_id = _image_study(db, organisation_id)
    page.goto(base_url + "/hr/login")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/hr/campaigns")
    sent: list[str] = []
    page.on("request", lambda r: sent.append(f"{r.method} {r.url}"))
    page.goto(f"{base_url}/hr/studies/{study_id}/preview?timing=1")
    drive(page, 0, 1 + 20)
    assert page.locator("img.iat-stim").count() <= 1
    assert not [r for r in sent if not r.startswith("GET ") or "/api/" in r], sent
