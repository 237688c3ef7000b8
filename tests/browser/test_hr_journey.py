"""HR journey in Chromium: sign in → create a campaign → import a CSV → download the links.

Part B continues this journey at the dashboard: ``/hr/campaigns/{id}/dashboard``
(see ``campaign_url`` below, whose last path segment is the campaign id).
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.domain import HRRole
from tests.support.hr import PASSWORD, make_user, organisation


def test_sign_in_create_campaign_import_and_download_links(
    page: Any, base_url: str, db_sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    email = f"admin-{secrets.token_hex(3)}@journey.example"
    with db_sessions() as db:
        make_user(db, email, HRRole.HR_ADMIN, organisation(db, f"Journey {email}").id)

    page.goto(base_url + "/hr/campaigns")
    assert "/hr/login" in page.url
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/hr/campaigns")
    assert "recrutement" in page.locator(".hr-guardrail").inner_text()

    page.goto(base_url + "/hr/teams")
    page.get_by_label("Nom").fill("Support")
    page.get_by_role("button", name="Créer").click()

    page.goto(base_url + "/hr/campaigns/new")
    page.get_by_label("Nom", exact=True).fill("Baromètre navigateur")
    page.get_by_label("Support").check()
    for field in ("controller", "dpo_contact", "purpose", "legal_basis", "recipients"):
        page.locator(f"#texts-fr-{field}").fill("Org SA")
        page.locator(f"#texts-en-{field}").fill("Org Ltd")
    page.get_by_role("button", name="Créer").click()
    page.wait_for_url("**/hr/campaigns/*")
    campaign_url = page.url

    csv_path = tmp_path / "people.csv"
    csv_path.write_text("code;team;full_name\ne01;Support;Ana Lima\ne02;Support;\n", "utf-8")
    people_import = page.locator("form:has(#csv_file)")  # beside the customer outcomes' import
    people_import.locator("#csv_file").set_input_files(str(csv_path))
    people_import.get_by_role("button", name="Prévisualiser").click()
    assert "Ana Lima" in page.locator("table").inner_text()
    page.get_by_role("button", name="Confirmer l'import").click()
    page.wait_for_url(campaign_url + "#participants")
    roster = page.locator("#roster-table").inner_text()
    assert "e02" in roster and "Ana Lima" in roster  # HR's own import, shown to HR admins
    page.get_by_label("Rechercher (code, nom, e-mail)").fill("ana")
    page.get_by_role("button", name="Filtrer").click()
    roster = page.locator("#roster-table").inner_text()
    assert "e01" in roster and "e02" not in roster

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Télécharger les liens").click()
    links = Path(download_info.value.path()).read_text("utf-8-sig").splitlines()
    assert links[0] == "code,team,full_name,email,url" and len(links) == 3
    assert "/p/" in links[1]
