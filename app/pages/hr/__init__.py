"""HR workspace pages (server-rendered, FR/EN, CSRF-protected forms) under ``/hr``."""

from __future__ import annotations

from fastapi import APIRouter

from app.pages.hr import (
    admin,
    auth,
    campaigns,
    dashboard,
    exports,
    guide,
    mailings,
    open_links,
    outbox,
    outcomes,
    participants,
    programmes,
    studies,
    tokens,
)

router = APIRouter()
_PAGES = (
    tokens,
    auth,
    campaigns,
    participants,
    mailings,
    admin,
    open_links,
    dashboard,
    exports,
    guide,
    outbox,
    programmes,
    outcomes,
    studies,
)
for module in _PAGES:
    router.include_router(module.router)
