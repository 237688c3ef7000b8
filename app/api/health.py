"""Liveness (``/healthz``: the database answers) and readiness (``/readyz``: and its schema is
at the latest migration)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from app.deps import SessionDep
from app.health.check import check_database, check_ready

router = APIRouter(tags=["health"])


class HealthRead(BaseModel):
    status: str
    database: str


@router.get("/healthz", summary="Service and database health", response_model=HealthRead)
def healthz(db: SessionDep) -> HealthRead:
    """200 when the database answers; 503 otherwise."""
    return HealthRead(status="ok", database=check_database(db))


@router.get("/readyz", summary="Ready to serve: database and migrations", response_model=HealthRead)
def readyz(db: SessionDep) -> HealthRead:
    """200 when the database answers and its schema is at the latest migration (a load
    balancer sends traffic only then); 503 otherwise."""
    return HealthRead(status="ready", database=check_ready(db))
