"""HR pages of this issue: programmes and their trends, the outcome import with its preview in
the page's language, the implicit-beside-explicit page, and the token form's new scope."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Programme, TeamOutcome
from app.domain import HRRole
from tests.api.test_hr_programmes import waves  # noqa: F401  (fixture)
from tests.support.hr import login, make_user
from tests.support.hr_world import World, add_person, make_world


def _admin(client: TestClient, db: Session, world: World) -> dict[str, str]:
    make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    login(client, "hr@org.fr")
    return {"csrf_token": client.cookies.get("csrf_token") or ""}


def test_create_a_programme_then_read_its_trends_and_change(
    client: TestClient,
    db: Session,
    waves: tuple[Programme, World, World],  # noqa: F811
) -> None:
    programme, first, second = waves
    csrf = _admin(client, db, first)
    created = client.post("/hr/programmes", data=csrf | {"name": "Pulse"}, follow_redirects=False)
    assert created.status_code == 303 and created.headers["location"].startswith("/hr/programmes/")
    again = client.post("/hr/programmes?lang=fr", data=csrf | {"name": "Pulse"})
    assert again.status_code == 409 and "un programme nommé « Pulse » existe déjà" in again.text
    listing = client.get("/hr/programmes").text
    assert "Baromètre" in listing and "Pulse" in listing
    page = client.get(f"/hr/programmes/{programme.id}?lang=fr").text
    assert page.count('class="hr-table trend-table"') == 3
    assert "0,20 [-0,05 ; 0,45]" in page  # Support, wave 1: mean D and its t interval
    assert "Masqué : moins de 3 personnes" in page  # Ops in wave 1
    params = f"from={first.campaign.id}&to={second.campaign.id}"
    change = client.get(f"/hr/programmes/{programme.id}?lang=fr&{params}").text
    assert "0,45 [0,23 ; 0,67]" in change
    assert "Non affiché : le chiffre de l'équipe est masqué dans une des vagues" in change.replace(
        "&#39;", "'"
    )


def test_the_campaign_form_offers_the_programmes(
    client: TestClient,
    db: Session,
    waves: tuple[Programme, World, World],  # noqa: F811
) -> None:
    programme, first, _ = waves
    _admin(client, db, first)
    page = client.get(f"/hr/campaigns/{first.campaign.id}").text
    assert f'<option value="{programme.id}" selected>Baromètre</option>' in page
    assert f'href="/hr/programmes/{programme.id}"' in page
    assert 'name="programme_id"' in client.get("/hr/campaigns/new").text


def test_outcome_import_page_previews_in_french_then_writes(
    client: TestClient, db: Session
) -> None:
    world = make_world(db, {"Sales": None, "Ops": None})
    db.commit()
    csrf = _admin(client, db, world)
    url = f"/hr/campaigns/{world.campaign.id}/outcomes/import?lang=fr"
    bad = b"team;metric;value;n_customers;period;direction\nSales;NPS;x;10;T4;higher_better\n"
    page = client.post(url, data=csrf, files={"csv_file": ("o.csv", bad, "text/csv")}).text
    assert "Ligne 2 : value « x » n&#39;est pas un nombre" in page
    assert "Confirmer l&#39;import" not in page
    good = "team;metric;value;n_customers;period;direction\nSales;NPS;41,5;10;T4;higher_better\n"
    files = {"csv_file": ("o.csv", good.encode("cp1252"), "text/csv")}
    preview = client.post(url, data=csrf, files=files).text
    assert "41,50" in preview and "Plus c&#39;est haut, mieux c&#39;est" in preview
    carried = re.search(r'name="csv_base64" value="([^"]+)"', preview)
    assert carried is not None
    confirm = csrf | {"confirm": "1", "csv_base64": carried.group(1)}
    done = client.post(url, data=confirm, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].endswith("#outcomes")
    assert db.scalar(select(func.count()).select_from(TeamOutcome)) == 1
    shown = client.get(f"/hr/campaigns/{world.campaign.id}?lang=fr").text
    assert 'id="outcomes-table"' in shown and "41,50" in shown


def test_implicit_explicit_page_shows_gaps_beside_both_means(
    client: TestClient, db: Session
) -> None:
    world = make_world(db, {"A": None, "B": None})
    for team, ds, leads in (("A", (0.0, 0.2, 0.4), (3, 4, 5)), ("B", (0.6, 0.8, 1.0), (2, 3, 4))):
        for d, lead in zip(ds, leads, strict=True):
            scores = {"LEAD": float(lead), "CONN": float(lead), "AUTO": float(lead)}
            add_person(db, world, team, d=d, subscales=scores)
    db.commit()
    _admin(client, db, world)
    dashboard = client.get(f"/hr/campaigns/{world.campaign.id}/dashboard").text
    assert f'href="/hr/campaigns/{world.campaign.id}/implicit-explicit"' in dashboard
    page = client.get(f"/hr/campaigns/{world.campaign.id}/implicit-explicit?lang=fr").text
    assert "-1,28 [-1,75 ; -0,80]" in page  # team A, LEAD (R: see test_implicit_explicit)
    assert "Orientation spontanée et déclarée" in page


def test_the_token_form_offers_outcomes_write(client: TestClient, db: Session) -> None:
    world = make_world(db, {"A": None})
    db.commit()
    _admin(client, db, world)
    page = client.get("/hr/tokens?lang=fr").text
    assert 'value="outcomes:write"' in page


def test_trend_charts_draw_only_shown_points(
    client: TestClient,
    db: Session,
    waves: tuple[Programme, World, World],  # noqa: F811
) -> None:
    programme, first, _ = waves
    _admin(client, db, first)
    page = client.get(f"/hr/programmes/{programme.id}?lang=fr").text
    assert f'src="/hr/programmes/{programme.id}/trend-D.svg?lang=fr"' in page
    svg = client.get(f"/hr/programmes/{programme.id}/trend-D.svg?lang=fr")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert "Support" in svg.text and "<script" not in svg.text
    assert client.get(f"/hr/programmes/{programme.id}/trend-NOPE.svg").status_code == 404
