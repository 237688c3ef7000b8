"""Server-rendered HTML pages (jinja2 templates under ``frontend/templates``)."""

from __future__ import annotations

from fastapi import APIRouter

from app.pages import home, hr, media, participant

router = APIRouter()
for module in (home, participant, hr, media):
    router.include_router(module.router)
