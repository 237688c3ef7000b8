"""ValidatedJsonRoute: JSON bodies validated from the raw bytes answer like FastAPI's own
parsing (same models, same 422s in the app's error shape), on a route of each kind."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, ConfigDict, Field

from app.api.json_route import ValidatedJsonRoute
from app.errors import install_error_handlers


class _Trial(BaseModel):
    model_config = ConfigDict(extra="forbid")
    index: int = Field(ge=1)
    latency_ms: float = Field(gt=0)
    error: bool = False


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid")
    trials: list[_Trial]


def _client(route_class: type | None) -> TestClient:
    app = FastAPI()
    install_error_handlers(app)
    router = APIRouter(route_class=route_class) if route_class else APIRouter()

    @router.put("/blocks/{n}")
    async def put_block(n: int, body: _Block) -> dict[str, object]:
        return {"n": n, "type": type(body).__name__, "body": body.model_dump()}

    app.include_router(router)
    return TestClient(app)


FAST = _client(ValidatedJsonRoute)
PLAIN = _client(None)

JSON = {"content-type": "application/json"}
CASES = [
    (b'{"trials": [{"index": 1, "latency_ms": 512.25}]}', JSON),
    (
        b'{"trials": [{"index": 1, "latency_ms": 512.25, "error": true}, '
        b'{"index": 2, "latency_ms": 0.1}]}',
        JSON,
    ),
    (b'{"trials": []}', {"content-type": "application/json; charset=utf-8"}),
    (b'{"trials": []}', {"content-type": "application/vnd.iat+json"}),
    (b'{"trials": [{"index": "3", "latency_ms": "7.5"}]}', JSON),  # lax numbers, as FastAPI
    (b'{"trials": [{"index": 0, "latency_ms": 5}]}', JSON),
    (b'{"trials": [{"index": 1, "latency_ms": 5, "colour": "red"}]}', JSON),
    (b'{"trials": 3}', JSON),
    (b"", JSON),
    (b'{"trials": []}', {"content-type": "text/plain"}),
    (b'{"trials": []}', {}),
]


@pytest.mark.parametrize(("body", "headers"), CASES)
def test_same_status_and_result_as_fastapi_parsing(body: bytes, headers: dict[str, str]) -> None:
    fast = FAST.put("/blocks/2", content=body, headers=headers)
    plain = PLAIN.put("/blocks/2", content=body, headers=headers)
    assert fast.status_code == plain.status_code
    if plain.status_code == 200:
        assert fast.json() == plain.json()
    else:
        assert fast.json()["error"] == "InvalidInput"


def test_accepted_body_reaches_the_endpoint_as_the_model() -> None:
    response = FAST.put("/blocks/3", json={"trials": [{"index": 1, "latency_ms": 612.0625}]})
    assert response.status_code == 200
    assert response.json() == {
        "n": 3,
        "type": "_Block",
        "body": {"trials": [{"index": 1, "latency_ms": 612.0625, "error": False}]},
    }


def test_errors_name_the_field_and_the_problem() -> None:
    response = FAST.put(
        "/blocks/1", content=b'{"trials": [{"index": 0, "latency_ms": 5}]}', headers=JSON
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "trials.0.index: Input should be greater than or equal to 1"
    extra = FAST.put("/blocks/1", json={"trials": [], "x": 1})
    assert extra.json()["detail"] == "x: Extra inputs are not permitted"


def test_broken_json_says_so_with_the_position() -> None:
    response = FAST.put("/blocks/1", content=b'{"trials": [', headers=JSON)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("the request body is not valid JSON (")
    assert "line 1 column 12" in detail


def test_participant_api_uses_it() -> None:
    from app.api.participant import router

    put_block = next(r for r in router.routes if getattr(r, "path", "").endswith("/blocks/{index}"))
    assert isinstance(put_block, ValidatedJsonRoute)
