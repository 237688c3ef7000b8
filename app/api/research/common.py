"""What every research route shares: error documentation and parameter types."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path

from app.exports.research_schemas import ErrorRead


def error_response(description: str, name: str, detail: str) -> dict[str, Any]:
    example = {"error": name, "detail": detail}
    return {
        "description": description,
        "model": ErrorRead,
        "content": {"application/json": {"example": example}},
    }


AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: error_response("No token, or an unknown, revoked or expired one.", "Unauthorized",
                "this API token has expired"),
    403: error_response("The token lacks the scope this route needs.", "Forbidden",
                "this token lacks the scope 'trials:read'"),
    422: error_response("Invalid parameter or body; `detail` names it.", "InvalidInput",
                "limit: Input should be less than or equal to 10000"),
    429: error_response("Rate limit reached; retry after the `Retry-After` header's seconds.",
                "TooManyRequests", "rate limit of 600 requests per minute reached for this token"),
}  # fmt: skip

CAMPAIGN_ERRORS: dict[int | str, dict[str, Any]] = {
    **AUTH_ERRORS,
    404: error_response("No such campaign in the token's organisation.", "NotFound",
                "no campaign 42 in this organisation"),
}  # fmt: skip

CLOSING_DETAIL = (
    "campaign 3 is open: its pseudonymous rows are published when the campaign closes (between "
    "two reads of an open campaign, the new pseudonyms would be the people the HR roster shows "
    "finishing)"
)
NOT_PUBLISHED = error_response(
    "The campaign is `pseudonymous` and still open: its rows are published when it closes.",
    "Conflict", CLOSING_DETAIL)  # fmt: skip

ROWS_ERRORS: dict[int | str, dict[str, Any]] = {
    **CAMPAIGN_ERRORS,
    403: error_response("Scope missing, or the campaign's policy allows no individual results.",
                "Forbidden", "campaign 3 allows no individual results; only team aggregates"),
    409: NOT_PUBLISHED,
}  # fmt: skip

CampaignId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Campaign id.")]
