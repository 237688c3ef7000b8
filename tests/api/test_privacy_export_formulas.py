"""Attacks that plant a spreadsheet formula in an export (OWASP "CSV injection").

A participant's browser is in the attacker's hands: whatever it uploads and the platform
stores ends up in the CSV files HR and researchers open in a spreadsheet. The upload refuses a
response key the study does not have, and every CSV writer neutralises text that a
spreadsheet would run (rows stored before the check existed included).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.config import Settings
from app.db.models import Campaign, ParticipantSession, Trial
from app.domain import HRRole
from app.exports.schemas import ExportColumn
from app.exports.writers import csv_bytes
from tests.api.test_research_world import (
    World,
    build_world,
    close_campaign,
    make_token,
    organisation_id,
    run_iat,
)
from tests.support.hr import login, make_user
from tests.support.participants import auth, consent_and_start, demo_tokens, simulated_blocks

API = "/api/v1/participant"
FORMULA = '=HYPERLINK("x")'


def _trial_count(db: Session) -> int:
    return int(db.scalar(select(func.count()).select_from(Trial)) or 0)


def _forged_first_block(client: TestClient, token: str) -> dict[str, Any]:
    block = simulated_blocks(consent_and_start(client, token))[0]
    block["trials"][0]["first_key"] = FORMULA
    return block


def test_forged_first_key_carrying_a_formula_is_refused_at_upload(
    client: TestClient, db: Session, settings: Settings
) -> None:
    token = demo_tokens(db, settings)[0]
    refused = client.put(
        f"{API}/blocks/1", json=_forged_first_block(client, token), headers=auth(token)
    )
    assert refused.status_code == 422
    assert refused.json()["detail"] == (
        f"trial 1: first_key {FORMULA!r} is not one of this test's keys ('e', 'i')"
    )
    assert _trial_count(db) == 0


def test_forged_first_key_is_refused_for_sessions_whose_keys_predate_the_check(
    client: TestClient, db: Session, settings: Settings
) -> None:
    """Sessions started before the response keys were stored with the block keys."""
    token = demo_tokens(db, settings)[0]
    block = _forged_first_block(client, token)
    session = db.scalars(
        select(ParticipantSession).where(ParticipantSession.plan.is_not(None))
    ).one()
    assert session.block_keys is not None
    legacy = [
        {k: v for k, v in key.items() if not k.endswith("_key")} for key in session.block_keys
    ]
    db.execute(update(ParticipantSession).values(block_keys=legacy))
    db.commit()
    refused = client.put(f"{API}/blocks/1", json=block, headers=auth(token))
    assert refused.status_code == 422 and "first_key" in refused.json()["detail"]
    block["trials"][0]["first_key"] = "e" if block["trials"][0]["correct_side"] == "left" else "i"
    assert client.put(f"{API}/blocks/1", json=block, headers=auth(token)).status_code == 200


def test_error_flag_contradicting_the_key_pressed_is_refused(
    client: TestClient, db: Session, settings: Settings
) -> None:
    token = demo_tokens(db, settings)[0]
    block = simulated_blocks(consent_and_start(client, token))[0]
    trial = block["trials"][0]
    trial["error"] = not trial["error"]
    trial["latency_ms"] = trial["first_latency_ms"] + (100.0 if trial["error"] else 0.0)
    refused = client.put(f"{API}/blocks/1", json=block, headers=auth(token))
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("trial 1: error=")
    assert _trial_count(db) == 0


def _plant_formulas(db: Session) -> None:
    """Rows as an attacker could store them before the upload checked the keys."""
    first = db.scalars(select(Trial.id).order_by(Trial.id)).first()
    db.execute(update(Trial).where(Trial.id == first).values(first_key=FORMULA))
    db.execute(update(Trial).where(Trial.id == first + 1).values(first_key="-2+3"))
    db.commit()


def _closed_world_with_formulas(client: TestClient, db: Session, settings: Settings) -> World:
    """One participant's trials with planted formulas, in a closed campaign (pseudonymous rows
    are published, and exported, only once it closes)."""
    world = build_world(db, settings)
    run_iat(client, world.invitations[0], seed=1)
    _plant_formulas(db)
    close_campaign(db, world.campaign_a)
    return world


def _neutralised(rows: list[dict[str, str]]) -> None:
    keys = {row["first_key"] for row in rows}
    assert "'" + FORMULA in keys and "'-2+3" in keys
    assert FORMULA not in keys and "-2+3" not in keys
    assert all(float(row["latency_ms"]) > 0 for row in rows)  # numbers stay numbers


def test_research_trials_csv_neutralises_formulas_in_stored_trials(
    client: TestClient, db: Session, settings: Settings
) -> None:
    world = _closed_world_with_formulas(client, db, settings)
    token = make_token(db, organisation_id(db, world.campaign_a))
    url = f"/api/v1/campaigns/{world.campaign_a}/trials.csv"
    response = client.get(url, headers=auth(token))
    assert response.status_code == 200
    _neutralised(list(csv.DictReader(io.StringIO(response.text))))


def test_hr_trials_export_neutralises_formulas_in_stored_trials(
    client: TestClient, db: Session, settings: Settings
) -> None:
    world = _closed_world_with_formulas(client, db, settings)
    campaign = db.get(Campaign, world.campaign_a)
    assert campaign is not None
    make_user(db, "hr@demo.fr", HRRole.HR_ADMIN, campaign.organisation_id)
    login(client, "hr@demo.fr")
    url = f"/api/v1/hr/campaigns/{campaign.id}/exports"
    response = client.post(url, json={"kind": "trials", "format": "csv"})
    assert response.status_code == 200, response.text
    _neutralised(list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))))


def test_csv_writer_neutralises_every_text_cell_and_leaves_numbers() -> None:
    columns = [
        ExportColumn(name="team", type="string"),
        ExportColumn(name="d", type="number"),
        ExportColumn(name="note", type="number"),
    ]
    rows = [["@SUM(A1)", -0.5, "+33 1 23"], ["\tTab", -3, "\rCR"], ["Ventes", 0.25, None]]
    text = csv_bytes(columns, rows).decode("utf-8")
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["team", "d", "note"],
        ["'@SUM(A1)", "-0.5", "'+33 1 23"],
        ["'\tTab", "-3", "'\rCR"],
        ["Ventes", "0.25", ""],
    ]
