"""Faults answer honestly: with the database unreachable, every route answers 503 with
``Retry-After`` — JSON ``{"error", "detail"}`` on the API, an HTML page on pages — never 500.

Real unreachable databases (PostgreSQL on a closed port; a SQLite "file" that is a directory),
served by uvicorn and asked over real HTTP.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from itsdangerous import URLSafeTimedSerializer

from app.config import Mode, Settings
from app.main import create_app
from tests.support.live_server import free_port, live_server

SECRET = "unreachable"
_PARAM = re.compile(r"\{(\w+)\}")
_VALUES = {"kind": "team", "index": "1", "token": "x" * 32}
PAGES = (
    "/p/some-personal-link-token",
    "/o/some-open-link-token",
    "/hr/campaigns",
    "/hr/campaigns/1",
    "/hr/campaigns/1/dashboard",
    "/hr/campaigns/1/exports",
    "/hr/campaigns/new",
    "/hr/reset/some-reset-link-token",
    "/hr/users",
    "/hr/teams",
    "/hr/audit",
    "/hr/tokens",
)


def _closed_postgres(_tmp: Path) -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/iat?connect_timeout=2"


def _sqlite_directory(tmp: Path) -> str:
    (tmp / "iat.sqlite3").mkdir()
    return f"sqlite:///{(tmp / 'iat.sqlite3').as_posix()}"


@pytest.fixture(params=[_closed_postgres, _sqlite_directory], ids=["postgresql", "sqlite"])
def down(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[httpx.Client]:
    url = request.param(tmp_path)
    settings = Settings(database_url=url, mode=Mode.TEST, var_dir=tmp_path, secret_key=SECRET)
    signed_in = URLSafeTimedSerializer(SECRET, salt="iat-hr-session").dumps(
        {"c": "csrf", "u": 1, "n": "nonce"}
    )
    headers = {"Authorization": "Bearer some-token", "X-CSRF-Token": "csrf"}
    with live_server(settings) as base_url, httpx.Client(base_url=base_url, timeout=20) as client:
        client.headers.update(headers)
        client.cookies.set("iat_hr", signed_in)
        yield client


def _unavailable_json(response: httpx.Response) -> bool:
    body = response.json()
    return response.status_code == 503 and set(body) == {"error", "detail"}


def test_healthz_answers_503_with_retry_after(down: httpx.Client) -> None:
    response = down.get("/healthz")
    assert _unavailable_json(response)
    assert int(response.headers["Retry-After"]) > 0


def _api_operations(client: httpx.Client) -> Iterator[tuple[str, str]]:
    spec = create_app(Settings(database_url="sqlite://", secret_key=SECRET)).openapi()
    for path, operations in spec["paths"].items():
        filled = _PARAM.sub(lambda m: _VALUES.get(m.group(1), "1"), path)
        for method in operations:
            yield method.upper(), filled


def test_every_api_route_answers_503_when_the_database_is_down(down: httpx.Client) -> None:
    """Reads answer 503; writes answer 503, or 422 when their body is already wrong."""
    failures = []
    for method, path in _api_operations(down):
        response = down.request(method, path, json={})
        unavailable = response.status_code == 503 and "Retry-After" in response.headers
        refused_body = method != "GET" and response.status_code == 422
        if not (unavailable or refused_body):
            failures.append((method, path, response.status_code))
    assert failures == []


def test_participant_block_upload_answers_503_so_the_page_retries(down: httpx.Client) -> None:
    response = down.put("/api/v1/participant/blocks/1", json={"trials": []})
    assert _unavailable_json(response)
    assert response.headers["Retry-After"]


def test_every_page_answers_an_html_503_when_the_database_is_down(down: httpx.Client) -> None:
    for path in PAGES:
        response = down.get(path)
        assert response.status_code == 503, path
        assert response.headers["content-type"].startswith("text/html"), path
        assert response.headers["Retry-After"], path
        assert "<html" in response.text


def test_hr_sign_in_form_answers_an_html_503(down: httpx.Client) -> None:
    form = {"email": "a@b.example", "password": "whatever", "csrf_token": "csrf"}
    response = down.post("/hr/login", data=form)
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("text/html")
