"""HR workspace pages (server-rendered, FR/EN, CSRF-protected forms) under ``/hr``."""

from __future__ import annotations

from fastapi import APIRouter

from app.pages.hr import (
    admin,
    auth,
    campaigns,
    dashboard,
    exports,
    open_links,
    outbox,
    participants,
    tokens,
)

router = APIRouter()
for module in (
    tokens,
    auth,
    campaigns,
    participants,
    admin,
    open_links,
    dashboard,
    exports,
    outbox,
):
    router.include_router(module.router)
