"""Research REST API under ``/api/v1`` (bearer tokens; see README "For researchers")."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.research import catalogue, data, implicit, outcomes, scores, studies

router = APIRouter()
for module in (catalogue, data, scores, implicit, outcomes, studies):
    router.include_router(module.router)
