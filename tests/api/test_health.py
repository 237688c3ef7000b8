"""/healthz answers with a database round-trip; /docs serves the OpenAPI UI."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_healthz_reports_database(client: TestClient, database_url: str) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    expected = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    assert response.json() == {"status": "ok", "database": expected}


def test_healthz_is_503_when_database_is_unreachable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.config import Mode, Settings
    from app.main import create_app

    settings = Settings(
        database_url="postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1",
        mode=Mode.TEST,
    )
    with TestClient(create_app(settings)) as test_client:
        response = test_client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["error"] == "DatabaseUnavailable"


def test_docs_and_openapi(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    assert "/healthz" in spec["paths"]


def test_security_headers_on_pages(client: TestClient) -> None:
    response = client.get("/")
    assert response.headers["cross-origin-opener-policy"] == "same-origin"
    assert response.headers["cross-origin-embedder-policy"] == "require-corp"
    assert response.headers["referrer-policy"] == "no-referrer"
