"""Every request: a request id (``X-Request-ID``, taken from a trusted proxy or made here,
echoed in the response), its latency by route template in /metrics, and one JSON log line
with the path's tokens redacted. Pure ASGI, outside every other middleware but the proxy's."""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.observability import metrics
from app.observability.redaction import redact_text
from app.proxy_headers import FROM_TRUSTED_PROXY

REQUEST_ID_HEADER = b"x-request-id"
_ACCEPTED_ID = re.compile(rb"^[A-Za-z0-9._:-]{1,128}$")  # nothing that could forge a log line
log = logging.getLogger("iat.request")


def request_id(scope: Scope) -> str:
    """The proxy's id when a trusted proxy sent a well-formed one, else a new one."""
    if scope.get(FROM_TRUSTED_PROXY):
        for name, value in scope["headers"]:
            if name == REQUEST_ID_HEADER and _ACCEPTED_ID.match(value):
                return str(value.decode())
    return secrets.token_hex(16)


def route_template(scope: Scope) -> str:
    """The matched route's path template (``/p/{token}``), never the path itself."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if isinstance(path, str):
        return path
    if scope.get("root_path", "").endswith("/static") or scope["path"].startswith("/static/"):
        return "/static"
    return "unmatched"


class RequestLogMiddleware:
    def __init__(self, app: ASGIApp, after: Callable[[], None] = lambda: None) -> None:
        self.app = app
        self.after = after  # e.g. record the pool's use

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id(scope)
        scope.setdefault("state", {})["request_id"] = rid
        started, status = time.perf_counter(), 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [h for h in message.get("headers", []) if h[0] != REQUEST_ID_HEADER]
                message["headers"] = [*headers, (REQUEST_ID_HEADER, rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            self._record(scope, rid, status, time.perf_counter() - started)

    def _record(self, scope: Scope, rid: str, status: int, seconds: float) -> None:
        route = route_template(scope)
        metrics.REQUEST_SECONDS.labels(scope["method"], route, str(status)).observe(seconds)
        self.after()
        client = scope.get("client")
        log.info(
            "%s %s %s",
            scope["method"],
            redact_text(scope["path"]),
            status,
            extra={
                "request_id": rid,
                "method": scope["method"],
                "path": redact_text(scope["path"]),
                "route": route,
                "status": status,
                "duration_ms": round(seconds * 1000, 2),
                "client": client[0] if client else None,
            },
        )
