"""HR pages over HTTP: login redirect, CSRF on forms, the guardrail, the main forms."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.domain import HRRole
from tests.support.hr import PASSWORD, make_user, organisation, unlink_team_tree


@pytest.fixture(autouse=True)
def _team_tree_cleanup(client: TestClient, db: Session) -> Iterator[None]:
    yield
    unlink_team_tree(db)


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field in the form"
    return found.group(1)


def _sign_in(client: TestClient) -> str:
    page = client.get("/hr/login")
    form = {"email": "admin@a.example", "password": PASSWORD, "csrf_token": _csrf(page.text)}
    response = client.post("/hr/login", data=form, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/hr/campaigns"
    return _csrf(client.get("/hr/campaigns").text)


def test_pages_redirect_to_login_and_forms_need_the_csrf_token(
    client: TestClient, db: Session
) -> None:
    make_user(db, "admin@a.example", HRRole.HR_ADMIN, organisation(db, "A").id)
    response = client.get("/hr/campaigns", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/hr/login?next=%2Fhr%2Fcampaigns"
    login_page = client.get("/hr/login")
    no_token = {"email": "admin@a.example", "password": PASSWORD}
    assert client.post("/hr/login", data=no_token).status_code == 403
    token = _sign_in(client)
    assert client.post("/hr/teams", data={"name": "Support"}).status_code == 403
    ok = client.post("/hr/teams", data={"name": "Support", "csrf_token": token})
    assert ok.status_code == 200 and "Support" in ok.text
    assert "IAT" in login_page.text or "TAI" in login_page.text


@pytest.mark.parametrize(
    "path", ["/hr/campaigns", "/hr/campaigns/new", "/hr/teams", "/hr/users", "/hr/audit"]
)
def test_every_page_shows_the_guardrail_in_both_languages(
    client: TestClient, db: Session, path: str
) -> None:
    make_user(db, "admin@a.example", HRRole.HR_ADMIN, organisation(db, "A").id)
    _sign_in(client)
    fr = client.get(path).text
    en = client.get(path + "?lang=en").text
    assert "recrutement, à l'évaluation, à la rémunération" in fr.replace("&#39;", "'")
    assert "hiring, appraisal, pay or promotion" in en


def test_create_campaign_import_and_download_links_through_the_forms(
    client: TestClient, db: Session
) -> None:
    make_user(db, "admin@a.example", HRRole.HR_ADMIN, organisation(db, "A").id)
    token = _sign_in(client)
    client.post("/hr/teams", data={"name": "Support", "csrf_token": token})
    form = {
        "csrf_token": token,
        "name": "Baromètre",
        "languages": ["fr", "en"],
        "with_iat": "on",
        "with_questionnaire": "on",
        "individual_results": "pseudonymous",
        "min_group_size_questionnaire": "5",
        "min_group_size_iat": "10",
        "retention_days": "365",
        "texts.fr.controller": "Org",
        "texts.en.purpose": "p",
    }
    created = client.post("/hr/campaigns", data=form, follow_redirects=False)
    assert created.status_code == 303, created.text
    url = created.headers["location"]
    files = {"csv_file": ("people.csv", b"code,team\ne01,Support\ne02,Support\n", "text/csv")}
    preview = client.post(f"{url}/import", data={"csrf_token": token}, files=files)
    assert preview.status_code == 200 and "e02" in preview.text
    confirm = {
        "csrf_token": token,
        "confirm": "1",
        "csv_text": "code,team\ne01,Support\ne02,Support\n",
    }
    assert client.post(f"{url}/import", data=confirm, follow_redirects=False).status_code == 303
    links = client.post(f"{url}/invitations", data={"csrf_token": token})
    assert links.headers["content-type"].startswith("text/csv")
    assert links.text.count("/p/") == 2
    again = client.post(f"{url}/invitations", data={"csrf_token": token})
    assert again.status_code == 200 and "/p/" not in again.text  # both already have a link
