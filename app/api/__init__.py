"""JSON API under ``/api/v1`` (and ``/healthz``, ``/readyz``, ``/metrics``, ``/docs``), one
router per audience."""

from __future__ import annotations

from fastapi import APIRouter

from app.api import docs, health, hr, metrics, participant, research

router = APIRouter()
for module in (health, metrics, docs, participant, research, hr):
    router.include_router(module.router)
