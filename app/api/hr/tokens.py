"""Research API tokens of the HR admin's organisation (JSON twin of the tokens page)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from app.accounts.hr_auth import CurrentHRAdmin
from app.api.research.common import error_response
from app.deps import SessionDep
from app.exports.research_schemas import TokenCreate, TokenCreated, TokenRead
from app.tokens import manage as tokens

router = APIRouter(prefix="/api/v1/hr/tokens", tags=["hr"])

ERRORS: dict[int | str, dict[str, Any]] = {
    401: error_response("Not signed in.", "Unauthorized", "sign in first"),
    403: error_response(
        "Not an HR admin, or the CSRF token is missing.",
        "Forbidden",
        "your role does not allow this",
    ),
}
TokenId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("", response_model=list[TokenRead], responses=ERRORS)
def list_tokens(db: SessionDep, admin: CurrentHRAdmin) -> list[TokenRead]:
    """The organisation's research tokens (never their secrets), newest first, with last use."""
    return tokens.list_tokens(db, admin)


@router.post("", response_model=TokenCreated, status_code=201, responses=ERRORS)
def create_token(db: SessionDep, admin: CurrentHRAdmin, body: TokenCreate) -> TokenCreated:
    """Create a token; `token` in the answer is shown this once (only its SHA-256 is kept)."""
    return tokens.create_token(db, admin, body)


@router.delete(
    "/{token_id}",
    response_model=TokenRead,
    responses={**ERRORS, 404: error_response("No such token.", "NotFound", "no API token 9")},
)
def revoke_token(db: SessionDep, admin: CurrentHRAdmin, token_id: TokenId) -> TokenRead:
    """Revoke a token at once (its next request answers 401)."""
    return tokens.revoke_token(db, admin, token_id)
