"""``iat demo`` hands out a research token: fresh each run, the previous one revoked."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.config import Settings
from app.demo.organisation import DEMO_CAMPAIGN, load_demo
from tests.support.participants import auth


def test_each_demo_run_mints_a_read_token_and_revokes_the_last(
    client: TestClient, db: Session, settings: Settings
) -> None:
    first = load_demo(db, settings).research_token
    second = load_demo(db, settings).research_token
    written = json.loads((settings.var_dir / "demo.json").read_text(encoding="utf-8"))
    assert written["research_token"] == second != first
    assert client.get("/api/v1/campaigns", headers=auth(first)).status_code == 401
    campaigns = client.get("/api/v1/campaigns", headers=auth(second)).json()
    assert [c["name"] for c in campaigns] == [DEMO_CAMPAIGN]
    base = f"/api/v1/campaigns/{campaigns[0]['id']}"
    assert client.get(f"{base}/team-aggregates", headers=auth(second)).status_code == 200
    trials = client.get(f"{base}/trials", headers=auth(second))
    assert trials.status_code == 409  # the open demo campaign publishes its rows at closing
    write = client.post(
        f"/api/v1/campaigns/{campaigns[0]['id']}/invitations",
        json={"invitees": [{"team_id": campaigns[0]["team_ids"][0]}]},
        headers=auth(second),
    )
    assert write.status_code == 403
