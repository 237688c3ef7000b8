"""Liveness with a database round-trip."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from app.deps import SessionDep
from app.health.check import check_database

router = APIRouter(tags=["health"])


class HealthRead(BaseModel):
    status: str
    database: str


@router.get("/healthz", summary="Service and database health", response_model=HealthRead)
def healthz(db: SessionDep) -> HealthRead:
    """200 when the database answers; 503 otherwise."""
    return HealthRead(status="ok", database=check_database(db))
