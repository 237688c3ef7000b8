"""Property-based run over the whole OpenAPI: no request, however odd, gets a 5xx answer.

Research routes get a token with every scope (so requests reach the handlers) and are also
checked against their documented response schemas. Bounded: few examples per operation, a
deadline per example; SQLite only (the logic is the same on PostgreSQL and the run is long).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)
from sqlalchemy.orm import Session

from app.config import Settings
from app.main import create_app
from tests.api.test_research_world import build_world, make_token, organisation_id, run_iat


@dataclass
class Target:
    app: FastAPI
    token: str


@pytest.fixture
def target(database_url: str, db: Session, settings: Settings) -> Iterator[Target]:
    if not database_url.startswith("sqlite"):
        pytest.skip("the schemathesis run is SQLite only")
    generous = settings.model_copy(update={"research_rate_limit_per_minute": 1_000_000})
    app = create_app(generous)
    world = build_world(db, settings)
    with TestClient(app) as client:
        run_iat(client, world.invitations[0], seed=1)
    token = make_token(db, organisation_id(db, world.campaign_a))
    yield Target(app, token)
    app.state.engine.dispose()


def _checks(research: bool) -> list[Any]:
    extra = [response_schema_conformance, content_type_conformance] if research else []
    return [not_a_server_error, *extra]


def _is_research(path: str) -> bool:
    return path.startswith("/api/v1/") and not path.startswith(
        ("/api/v1/hr", "/api/v1/participant")
    )


def _exercise(operation: Any, token: str) -> None:
    research = _is_research(operation.path)
    headers = {"Authorization": f"Bearer {token}"} if research else None

    @given(case=operation.as_strategy())
    @settings(
        max_examples=6,
        deadline=timedelta(seconds=5),
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers, checks=_checks(research))

    run()


def test_no_operation_answers_5xx(target: Target) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", target.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert any(_is_research(op.path) for op in operations)
    for operation in operations:
        _exercise(operation, target.token)
