"""HR dashboard in Chromium: sign in, see the warning, tables and charts, download an export."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.domain import HRRole
from tests.support.hr import PASSWORD, make_user
from tests.support.hr_world import add_person, make_world


def test_dashboard_shows_charts_and_downloads_an_export(
    page: Any, base_url: str, db_sessions: sessionmaker[Session]
) -> None:
    suffix = secrets.token_hex(3)
    email = f"hr-{suffix}@dashboard.example"
    with db_sessions() as db:
        world = make_world(db, {"Support": None, "Ventes": None}, org_name=f"Dash {suffix}")
        for i in range(4):
            add_person(db, world, "Support", d=0.1 * i, subscales={"LEAD": 3.0 + i / 2})
            add_person(db, world, "Ventes", d=0.2 + 0.1 * i, subscales={"LEAD": 2.0 + i / 2})
        db.commit()
        make_user(db, email, HRRole.HR_ADMIN, world.organisation.id)
        campaign_id = world.campaign.id

    page.goto(base_url + f"/hr/campaigns/{campaign_id}/dashboard")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"**/hr/campaigns/{campaign_id}/dashboard")
    assert "recruter" in page.locator(".dash-warning").inner_text()
    assert page.locator("#not-published").count() == 0  # a closed campaign: published
    assert "Support" in page.locator("#iat-table").inner_text()
    images = page.locator(".dash-chart img")
    assert images.count() == 3
    for i in range(3):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
        )

    page.get_by_role("link", name="Exports").click()
    page.wait_for_url(f"**/hr/campaigns/{campaign_id}/exports")
    with page.expect_download() as download_info:
        page.locator('form[data-kind="team"] button').click()
    lines = Path(download_info.value.path()).read_text("utf-8").splitlines()
    assert lines[0].startswith("team,parent_team_id,team_id") and len(lines) == 4
