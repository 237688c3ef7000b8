"""The HR admin's research-token page: create (shown once), list with last use, revoke."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from app.accounts.hr_auth import CurrentHRAdmin
from app.deps import SessionDep
from app.domain import ApiScope
from app.exports.research_schemas import TokenCreate, TokenCreated
from app.pages.hr.rendering import render_hr
from app.tokens import manage as tokens

router = APIRouter(prefix="/hr/tokens", include_in_schema=False)


def _page(
    request: Request, db: SessionDep, admin: Any, extra: dict[str, Any], status: int = 200
) -> HTMLResponse:
    context = {
        "tokens": tokens.list_tokens(db, admin),
        "scopes": [scope.value for scope in ApiScope],
        **extra,
    }
    return render_hr(request, "hr/tokens.html", context, status)


@router.get("", response_class=HTMLResponse)
def tokens_page(request: Request, db: SessionDep, admin: CurrentHRAdmin) -> HTMLResponse:
    return _page(request, db, admin, {})


@router.post("", response_class=HTMLResponse)
def create_token(
    request: Request,
    db: SessionDep,
    admin: CurrentHRAdmin,
    name: Annotated[str, Form(max_length=200)] = "",
    scopes: Annotated[list[str] | None, Form()] = None,
    expires_in_days: Annotated[str, Form(max_length=10)] = "90",
) -> HTMLResponse:
    """Create and show the secret once, in this response only (never in a URL)."""
    try:
        fields = {"name": name, "scopes": scopes or [], "expires_in_days": expires_in_days}
        body = TokenCreate.model_validate(fields)
    except ValidationError:
        return _page(request, db, admin, {"error": True}, 422)
    created: TokenCreated = tokens.create_token(db, admin, body)
    return _page(request, db, admin, {"created": created}, 201)


@router.post("/{token_id}/revoke")
def revoke_token(
    db: SessionDep, admin: CurrentHRAdmin, token_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> RedirectResponse:
    tokens.revoke_token(db, admin, token_id)
    return RedirectResponse("/hr/tokens", status_code=303)
