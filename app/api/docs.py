"""The API documentation page (Swagger UI) with a Content-Security-Policy of its own.

FastAPI's page loads Swagger UI's script and stylesheet from the jsDelivr CDN, its favicon from
fastapi.tiangolo.com, and starts it with one inline script. The policy allows exactly that: the
CDN, the inline script by its SHA-256 hash (not ``'unsafe-inline'``), the OpenAPI document from
our own origin, and nothing else. Swagger UI sets inline styles, hence ``'unsafe-inline'`` for
styles only. The page is not cross-origin isolated (the CDN's files are not ours to label).
"""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

ASSETS_HOST = "https://cdn.jsdelivr.net"
FAVICON_HOST = "https://fastapi.tiangolo.com"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def _script_hashes(html: str) -> str:
    digests = (hashlib.sha256(script.encode()).digest() for script in _INLINE_SCRIPT.findall(html))
    return " ".join(f"'sha256-{base64.b64encode(digest).decode()}'" for digest in digests)


def docs_policy(html: str) -> str:
    """The Content-Security-Policy for the Swagger UI page ``html``."""
    return (
        f"default-src 'none'; script-src {_script_hashes(html)} {ASSETS_HOST}; "
        f"style-src {ASSETS_HOST} 'unsafe-inline'; img-src 'self' data: {FAVICON_HOST}; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
        "form-action 'none'"
    )


@router.get("/docs", response_class=HTMLResponse)
async def api_docs(request: Request) -> HTMLResponse:
    page = get_swagger_ui_html(openapi_url=request.app.openapi_url, title=request.app.title)
    page.headers["Content-Security-Policy"] = docs_policy(bytes(page.body).decode())
    page.headers["Cross-Origin-Embedder-Policy"] = "unsafe-none"
    return page
