"""Every error has the shape {"error", "detail"} with the right status."""

from __future__ import annotations

from fastapi import Body
from fastapi.testclient import TestClient
from pydantic import BaseModel


class _Echo(BaseModel):
    n: int


def _add_echo_route(client: TestClient) -> None:
    @client.app.post("/_test/echo")  # type: ignore[attr-defined,misc]
    def echo(payload: _Echo = Body(...)) -> dict[str, int]:
        return {"n": payload.n}

    @client.app.get("/_test/boom")  # type: ignore[attr-defined,misc]
    def boom() -> None:
        raise RuntimeError("kaboom")


def test_unknown_route_is_404_json(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert response.json() == {"error": "NotFound", "detail": "no such route or resource"}


def test_wrong_method_is_405_json(client: TestClient) -> None:
    response = client.delete("/healthz")
    assert response.status_code == 405
    assert response.json()["error"] == "MethodNotAllowed"


def test_bad_json_is_422_with_words(client: TestClient) -> None:
    _add_echo_route(client)
    response = client.post(
        "/_test/echo", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "InvalidInput"
    assert "not valid JSON" in body["detail"]


def test_validation_error_names_the_field(client: TestClient) -> None:
    _add_echo_route(client)
    response = client.post("/_test/echo", json={"n": "many"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("n: ")


def test_unexpected_error_is_500_json_without_internals() -> None:
    from app.config import Mode, Settings
    from app.main import create_app

    app = create_app(Settings(database_url="sqlite://", mode=Mode.TEST))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        _add_echo_route(test_client)
        response = test_client.get("/_test/boom")
    assert response.status_code == 500
    assert response.json() == {"error": "InternalError", "detail": "an unexpected error occurred"}
    assert "kaboom" not in response.text
