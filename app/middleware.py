"""Security headers and request body limits on every request (pure ASGI, no per-request task
overhead).

COOP/COEP make pages cross-origin isolated, which gives ``performance.now()`` and Element
Timing 5 µs resolution (DESIGN §4). ``Referrer-Policy: no-referrer`` keeps invitation tokens
in URLs from leaking. The CSP allows only our own origin: no CDNs, fonts or analytics (the
API docs page sets its own, app.api.docs). HR pages and JSON are never cached (no-store).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import error_body, render_error
from app.i18n import N_

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-embedder-policy", b"require-corp"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)
PAGE_CSP = (
    b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    b"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)

# HR pages and every JSON API (HR, research, the participant's own data): personal data that
# no browser or proxy cache should keep.
NO_STORE_PREFIXES = ("/hr/", "/api/")


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        private = scope["path"] == "/hr" or scope["path"].startswith(NO_STORE_PREFIXES)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                if b"content-security-policy" not in present:  # /docs sets its own
                    headers.append((b"content-security-policy", PAGE_CSP))
                if private and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


# --- request body limits -------------------------------------------------------------------

KIB, MIB = 1024, 1024 * 1024
DEFAULT_BODY_LIMIT = 256 * KIB
PARTICIPANT_BODY_LIMIT = 1 * MIB  # a block of trials is about 160 KB
IMPORT_BODY_LIMIT = 10 * MIB  # participant CSV imports by a signed-in HR user (API and page)
IMAGE_BODY_LIMIT = 6 * MIB  # a study picture (5 MiB) and its form, signed in or with a token
_PARTICIPANT_PREFIXES = ("/api/v1/participant/", "/p/")
_IMPORT_PATH = re.compile(r"^(/api/v1)?/hr/campaigns/[^/]+/(participants/)?import$")
_IMAGE_PAGE, _IMAGE_API = "/hr/studies/images", "/api/v1/studies/images"


def body_limit_for(
    path: str, signed_in: Callable[[], bool], bearer: Callable[[], bool] = lambda: False
) -> int:
    """The largest request body, in bytes, that the route at ``path`` reads. Imports get
    their large limit only with a signed HR session: parsing 10 MiB of JSON holds the event
    loop about 0.2 s, which nobody anonymous may make the server do. Picture uploads get
    theirs with a signed HR session (the page) or a bearer token (the API checks it)."""
    if path.startswith(_PARTICIPANT_PREFIXES):
        return PARTICIPANT_BODY_LIMIT
    if _IMPORT_PATH.match(path) and signed_in():
        return IMPORT_BODY_LIMIT
    if (path == _IMAGE_PAGE and signed_in()) or (path == _IMAGE_API and bearer()):
        return IMAGE_BODY_LIMIT
    return DEFAULT_BODY_LIMIT


class BodyTooLarge(StarletteHTTPException):
    """Raised from ``receive`` once more bytes arrived than the route's limit: FastAPI lets
    HTTP errors raised while it reads a body through, so the one error handler renders it."""

    message = N_("the request body is larger than this route's limit of {limit} bytes")

    def __init__(self, limit: int) -> None:
        self.params = {"limit": limit}
        super().__init__(413, self.message.format(limit=limit))


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


def _has_bearer(scope: Scope) -> bool:
    return any(
        name == b"authorization" and value[:7].lower() == b"bearer "
        for name, value in scope["headers"]
    )


async def _refuse(scope: Scope, send: Send, exc: BodyTooLarge) -> None:
    if scope["path"] == "/hr" or scope["path"].startswith("/hr/"):
        await _refuse_page(scope, send, exc)
        return
    body = json.dumps(error_body("PayloadTooLarge", exc.detail)).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    # The rest of the body stays unread: the server closes the connection after this answer.
    headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _refuse_page(scope: Scope, send: Send, exc: BodyTooLarge) -> None:
    """An HR page never answers JSON: the app's one error handler draws the HR error page."""
    response = await render_error(Request(scope), exc)
    response.headers["connection"] = "close"

    async def nothing_more() -> Message:  # the body stays unread
        return {"type": "http.disconnect"}

    await response(scope, nothing_more, send)


class BodyLimitMiddleware:
    """Refuse request bodies over the route's limit with 413, without reading the rest.

    A declared ``Content-Length`` over the limit is refused before the app runs; a body sent
    without one (chunked) is counted as it arrives and cut off at the limit. Bodies are parsed
    and validated on the event loop (``app.api.json_route``): the limit also bounds how long
    one request can hold the loop (about 20 ms for 1 MiB of trials).
    """

    def __init__(self, app: ASGIApp, has_signed_session: Callable[[str], bool]) -> None:
        self.app = app
        self.has_signed_session = has_signed_session  # given a Cookie header

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit_for(
            scope["path"], lambda: self._signed_in(scope), lambda: _has_bearer(scope)
        )
        declared = _declared_length(scope)
        if declared is not None:
            # The server reads exactly the declared length (HTTP/1.1 framing): only a body
            # without one (chunked) needs counting as it arrives.
            if declared > limit:
                await _refuse(scope, send, BodyTooLarge(limit))
                return
            await self.app(scope, receive, send)
            return
        await self._counted(scope, receive, send, limit)

    def _signed_in(self, scope: Scope) -> bool:
        cookies = b"; ".join(value for name, value in scope["headers"] if name == b"cookie")
        return self.has_signed_session(cookies.decode("latin-1"))

    async def _counted(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        received, started = 0, False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge as exc:  # read outside FastAPI's error handling
            if started:
                raise
            await _refuse(scope, send, exc)
