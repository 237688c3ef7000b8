"""``iat admin create-platform-admin``: the first platform admin, on SQLite and PostgreSQL."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.cli import cli
from tests.support.hr import login

PASSWORD = "the operator's long password"


def test_create_platform_admin_prints_a_one_time_link_that_sets_the_password(
    env: None, client: TestClient, db: Session
) -> None:
    result = CliRunner().invoke(cli, ["admin", "create-platform-admin", "Root@Example.org"])
    assert result.exit_code == 0, result.output
    url = next(w for w in result.output.split() if w.startswith("http://iat.example/hr/reset/"))
    payload = {"token": url.rsplit("/", 1)[1], "password": PASSWORD}
    assert client.post("/api/v1/hr/password-reset", json=payload).status_code == 204
    login(client, "root@example.org", PASSWORD)
    me = client.get("/api/v1/hr/me").json()["user"]
    assert me["role"] == "platform_admin" and me["organisation_id"] is None
    events = client.get("/api/v1/hr/audit").json()
    assert "account.create" in [e["action"] for e in events]


def test_create_platform_admin_refuses_a_duplicate_email(env: None, db: Session) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["admin", "create-platform-admin", "root@example.org"]).exit_code == 0
    again = runner.invoke(cli, ["admin", "create-platform-admin", "ROOT@example.org"])
    assert again.exit_code == 1
    assert "already exists" in again.output
    bad = runner.invoke(cli, ["admin", "create-platform-admin", "not-an-email"])
    assert bad.exit_code == 2 and "e-mail" in bad.output


def test_reset_link_recovers_a_platform_admin_no_one_else_may_reset(
    env: None, client: TestClient, db: Session
) -> None:
    runner = CliRunner()
    created = runner.invoke(cli, ["admin", "create-platform-admin", "root@example.org"])
    first = created.output.split()[-1]
    result = runner.invoke(cli, ["admin", "reset-link", "root@example.org"])
    assert result.exit_code == 0, result.output
    second = result.output.split()[-1]
    for url, status in ((first, 410), (second, 204)):
        payload = {"token": url.rsplit("/", 1)[1], "password": PASSWORD}
        assert client.post("/api/v1/hr/password-reset", json=payload).status_code == status
    unknown = runner.invoke(cli, ["admin", "reset-link", "nobody@example.org"])
    assert unknown.exit_code == 2 and "no account" in unknown.output
