"""Application errors carry their HTTP status; one set of handlers renders them all as
``{"error": "<Name>", "detail": "<what is wrong, in words>"}``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger(__name__)


class AppError(Exception):
    """Base of every error a service raises on purpose."""

    status_code = 400
    name = "BadRequest"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(AppError):
    status_code = 404
    name = "NotFound"


class Conflict(AppError):
    status_code = 409
    name = "Conflict"


class Unauthorized(AppError):
    status_code = 401
    name = "Unauthorized"


class Forbidden(AppError):
    status_code = 403
    name = "Forbidden"


class Gone(AppError):
    status_code = 410
    name = "Gone"


class InvalidInput(AppError):
    status_code = 422
    name = "InvalidInput"


class TooManyRequests(AppError):
    status_code = 429
    name = "TooManyRequests"

    def __init__(self, detail: str, retry_after_s: int) -> None:
        super().__init__(detail)
        self.retry_after_s = retry_after_s


_STATUS_NAMES = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    409: "Conflict",
    413: "PayloadTooLarge",
    415: "UnsupportedMediaType",
    422: "InvalidInput",
    429: "TooManyRequests",
    503: "ServiceUnavailable",
}

# The database cannot be reached (refused or lost connection, unreadable file, pool exhausted):
# the request may succeed later, so it is answered 503 with Retry-After, never 500.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeoutError)
RETRY_AFTER_S = 5
_JSON_PREFIXES = ("/api/", "/healthz", "/openapi.json")

# Renders the HTML error page for a status (app.pages provides it: errors sit below pages).
ErrorPageRenderer = Callable[[Request, int], Response]


def error_body(name: str, detail: str) -> dict[str, str]:
    return {"error": name, "detail": detail}


def _describe_validation(errors: list[dict[str, Any]]) -> str:
    """Turn pydantic's error list into one readable sentence per problem."""
    parts = []
    for err in errors[:10]:
        location = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        if err.get("type") == "json_invalid":
            ctx = err.get("ctx", {}).get("error", "")
            parts.append(f"the request body is not valid JSON ({ctx})")
        else:
            parts.append(f"{location}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)


def _app_error(exc: AppError) -> JSONResponse:
    headers = {}
    if isinstance(exc, TooManyRequests):
        headers["Retry-After"] = str(exc.retry_after_s)
    if exc.status_code == 503:
        headers["Retry-After"] = str(RETRY_AFTER_S)
    return JSONResponse(error_body(exc.name, exc.detail), exc.status_code, headers=headers)


def _database_unavailable(request: Request, exc: Exception) -> Response:
    """503 + Retry-After: JSON on the API, the error page (in the visitor's language) on
    pages — the participant's page says to come back in a moment."""
    logger.warning("database unavailable: %s", type(exc).__name__)
    headers = {"Retry-After": str(RETRY_AFTER_S)}
    if request.url.path.startswith(_JSON_PREFIXES):
        detail = "the database cannot be reached at the moment: retry in a few seconds"
        return JSONResponse(error_body("ServiceUnavailable", detail), 503, headers=headers)
    render_page: ErrorPageRenderer = request.app.state.render_error_page
    response = render_page(request, 503)
    response.headers.update(headers)
    return response


def _http_error(exc: StarletteHTTPException) -> JSONResponse:
    name = _STATUS_NAMES.get(exc.status_code, "HTTPError")
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == 404 and detail == "Not Found":
        detail = "no such route or resource"
    return JSONResponse(error_body(name, detail), exc.status_code, headers=exc.headers)


async def render_error(request: Request, exc: Exception) -> Response:
    """The one handler: every error becomes ``{"error", "detail"}`` with its status (an
    unreachable database on a page: an HTML page)."""
    if isinstance(exc, DATABASE_UNAVAILABLE):
        return _database_unavailable(request, exc)
    if isinstance(exc, AppError):
        return _app_error(exc)
    if isinstance(exc, RequestValidationError):
        detail = _describe_validation(list(exc.errors()))
        return JSONResponse(error_body("InvalidInput", detail), 422)
    if isinstance(exc, StarletteHTTPException):
        return _http_error(exc)
    logger.exception("unhandled error", exc_info=exc)
    return JSONResponse(error_body("InternalError", "an unexpected error occurred"), 500)


def _plain_error_page(_request: Request, status: int) -> Response:
    return HTMLResponse(f"<!doctype html><title>{status}</title><p>Error {status}.</p>", status)


def install_error_handlers(
    app: FastAPI, render_error_page: ErrorPageRenderer = _plain_error_page
) -> None:
    """Register the handler that gives every 4xx/5xx the same JSON shape (the database
    errors by name, so that they are answered like the others rather than as a crash);
    ``render_error_page`` answers pages when the database is down."""
    app.state.render_error_page = render_error_page
    handled = (AppError, RequestValidationError, StarletteHTTPException, *DATABASE_UNAVAILABLE)
    for exc_class in (*handled, Exception):
        app.add_exception_handler(exc_class, render_error)
