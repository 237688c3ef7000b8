"""HR workspace JSON API under ``/api/v1/hr`` (cookie auth, see app.accounts.hr_auth)."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.hr import (
    accounts,
    audit,
    auth,
    campaigns,
    dashboard,
    exports,
    mailings,
    outcomes,
    participants,
    programmes,
    tokens,
)

router = APIRouter()
for module in (
    tokens,
    auth,
    accounts,
    campaigns,
    participants,
    mailings,
    audit,
    dashboard,
    exports,
    programmes,
    outcomes,
):
    router.include_router(module.router)
