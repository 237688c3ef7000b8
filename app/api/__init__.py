"""JSON API under ``/api/v1`` (and ``/healthz``, ``/docs``), one router per audience."""

from __future__ import annotations

from fastapi import APIRouter

from app.api import docs, health, hr, participant, research

router = APIRouter()
for module in (health, docs, participant, research, hr):
    router.include_router(module.router)
