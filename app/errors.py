"""Application errors carry their HTTP status; one set of handlers renders them all as
``{"error": "<Name>", "detail": "<what is wrong, in words>"}``.

An error's words are an English msgid marked ``N_()`` with ``{name}`` fields and their values:
``NotFound(N_("no campaign {campaign_id}"), campaign_id=7)``. The JSON API answers the English
text (``detail``, what API clients and logs read); pages show ``detail_in(lang)``, the same
sentence through the page language's catalogue. A message left unmarked (a technical one) is
shown as it is, in English.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.i18n import N_, gettext

logger = logging.getLogger(__name__)


class Phrase(str):
    """A parameter that is itself a msgid (marked ``N_()``, e.g. a campaign state's word):
    translated with the sentence it fills; any other parameter is shown as it is."""


def _filled(message: str, params: Mapping[str, object]) -> str:
    return message.format(**params) if params else message


def translated(message: str, params: Mapping[str, object], lang: str) -> str:
    """``message`` in ``lang`` with its ``{name}`` fields filled (English if the translation
    does not fit its fields: an error page never fails on its own words)."""
    words = {k: gettext(lang, v) if isinstance(v, Phrase) else v for k, v in params.items()}
    try:
        return _filled(gettext(lang, message), words)
    except (KeyError, IndexError, ValueError):
        return _filled(message, params)


class AppError(Exception):
    """Base of every error a service raises on purpose: ``message`` is an English msgid
    (marked ``N_()``) whose ``{name}`` fields are filled from ``params``."""

    status_code = 400
    name = "BadRequest"

    def __init__(self, message: str, /, **params: object) -> None:
        self.message, self.params = message, params
        self.detail = _filled(message, params)
        super().__init__(self.detail)

    def detail_in(self, lang: str) -> str:
        """The detail in ``lang``, through the catalogue."""
        return translated(self.message, self.params, lang)


@dataclass(frozen=True)
class FieldProblem:
    """What is wrong with one field of a form or body: ``field`` is its machine name
    (``closes_at``, ``texts.fr.purpose``), ``message`` a msgid with ``{name}`` fields."""

    field: str
    message: str
    params: Mapping[str, object] = dataclasses.field(default_factory=dict)

    def text_in(self, lang: str) -> str:
        return translated(self.message, self.params, lang)


class _FieldProblems(AppError):
    """An error made of field problems: ``detail`` names each field (the API's English);
    pages show ``detail_in(lang)`` and each message next to its field (``problems``)."""

    def __init__(self, *problems: FieldProblem, summary: str | None = None) -> None:
        self.problems, self.summary = problems, summary
        english = "; ".join(f"{p.field}: {_filled(p.message, p.params)}" for p in problems)
        super().__init__(english)

    def detail_in(self, lang: str) -> str:
        """``summary`` (a msgid) when given, else each different message once."""
        if self.summary:
            return translated(self.summary, {}, lang)
        return "; ".join(dict.fromkeys(problem.text_in(lang) for problem in self.problems))


def field_problems(exc: Exception) -> tuple[FieldProblem, ...]:
    """The field problems an error carries (none for most errors)."""
    return exc.problems if isinstance(exc, _FieldProblems) else ()


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


class InvalidFields(_FieldProblems, InvalidInput):
    """422 naming the fields at fault."""


class ConflictingFields(_FieldProblems, Conflict):
    """409 naming the fields at fault (e.g. texts missing before a campaign opens)."""


class TooManyRequests(AppError):
    status_code = 429
    name = "TooManyRequests"

    def __init__(self, message: str, /, retry_after_s: int, **params: object) -> None:
        super().__init__(message, **params)
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


@dataclass(frozen=True)
class Failure:
    """What every error is answered with, whichever the form (JSON or page): ``detail`` in
    English for the API, ``detail_in(lang)`` for pages (``message`` and ``params``, when the
    error's words are a msgid; else ``detail`` itself)."""

    status: int
    name: str
    detail: str
    headers: dict[str, str] = field(default_factory=dict)
    message: str | None = None
    params: Mapping[str, object] = field(default_factory=dict)

    def detail_in(self, lang: str) -> str:
        return translated(self.message or self.detail, self.params, lang)


# Renders the HTML error page of a failure (app.pages provides it: errors sit below pages).
ErrorPageRenderer = Callable[[Request, Failure], Response]


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


def _app_failure(exc: AppError) -> Failure:
    headers = {}
    if isinstance(exc, TooManyRequests):
        headers["Retry-After"] = str(exc.retry_after_s)
    if exc.status_code == 503:
        headers["Retry-After"] = str(RETRY_AFTER_S)
    return Failure(exc.status_code, exc.name, exc.detail, headers, exc.message, exc.params)


def _http_failure(exc: StarletteHTTPException) -> Failure:
    name = _STATUS_NAMES.get(exc.status_code, "HTTPError")
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == 404 and detail == "Not Found":
        detail = N_("no such route or resource")
    # An HTTP error of ours may carry its msgid and values (app.middleware.BodyTooLarge).
    message, params = getattr(exc, "message", None), getattr(exc, "params", {})
    return Failure(exc.status_code, name, detail, dict(exc.headers or {}), message, params)


def failure_of(exc: Exception) -> Failure:
    """The status, name and detail of any exception (unexpected ones are logged: 500)."""
    if isinstance(exc, DATABASE_UNAVAILABLE):
        logger.warning("database unavailable: %s", type(exc).__name__)
        detail = N_("the database cannot be reached at the moment: retry in a few seconds")
        return Failure(503, "ServiceUnavailable", detail, {"Retry-After": str(RETRY_AFTER_S)})
    if isinstance(exc, AppError):
        return _app_failure(exc)
    if isinstance(exc, RequestValidationError):
        return Failure(422, "InvalidInput", _describe_validation(list(exc.errors())))
    if isinstance(exc, StarletteHTTPException):
        return _http_failure(exc)
    logger.exception("unhandled error", exc_info=exc)
    return Failure(500, "InternalError", N_("an unexpected error occurred"))


async def render_error(request: Request, exc: Exception) -> Response:
    """The one handler: ``{"error", "detail"}`` with its status on the API; on every other
    route (pages) the error page with the same status — an HTML route never answers JSON."""
    failure = failure_of(exc)
    if not _is_page(request):
        body = error_body(failure.name, failure.detail)
        return JSONResponse(body, failure.status, headers=failure.headers)
    render_page: ErrorPageRenderer = request.app.state.render_error_page
    response = await run_in_threadpool(render_page, request, failure)  # it may read the db
    response.headers.update(failure.headers)
    return response


def _is_page(request: Request) -> bool:
    """Pages: the HR workspace and every matched route that is not part of the API's schema
    (pages, static files). An unknown address outside ``/hr`` stays a JSON 404."""
    path = request.url.path
    if path.startswith(_JSON_PREFIXES):
        return False
    if path == "/hr" or path.startswith("/hr/"):
        return True
    route = request.scope.get("route")
    return route is not None and not getattr(route, "include_in_schema", True)


def _plain_error_page(_request: Request, failure: Failure) -> Response:
    status = failure.status
    return HTMLResponse(f"<!doctype html><title>{status}</title><p>Error {status}.</p>", status)


def install_error_handlers(
    app: FastAPI, render_error_page: ErrorPageRenderer = _plain_error_page
) -> None:
    """Register the handler that gives every 4xx/5xx the same shape (the database errors by
    name, so that they are answered like the others rather than as a crash);
    ``render_error_page`` answers the routes outside the API."""
    app.state.render_error_page = render_error_page
    handled = (AppError, RequestValidationError, StarletteHTTPException, *DATABASE_UNAVAILABLE)
    for exc_class in (*handled, Exception):
        app.add_exception_handler(exc_class, render_error)
