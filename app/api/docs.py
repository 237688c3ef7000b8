"""The API documentation page (Swagger UI), served entirely by the platform itself.

Swagger UI's script, stylesheet and icon come from the maintained ``fastapi-offline`` package
(its ``static`` folder, mounted at ``DOCS_ASSETS``), not from a CDN: ``/docs`` works offline and
behind a firewall. The page's Content-Security-Policy allows our own origin only, the one inline
script that starts Swagger UI by its SHA-256 hash (not ``'unsafe-inline'``), and inline styles,
which Swagger UI sets. Like every page it stays cross-origin isolated (all its files are ours).
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

router = APIRouter(include_in_schema=False)

DOCS_ASSETS = "/docs/assets"
ASSETS_DIR = Path(fastapi_offline.__file__).parent / "static"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def _script_hashes(html: str) -> str:
    digests = (hashlib.sha256(script.encode()).digest() for script in _INLINE_SCRIPT.findall(html))
    return " ".join(f"'sha256-{base64.b64encode(digest).decode()}'" for digest in digests)


def docs_policy(html: str) -> str:
    """The Content-Security-Policy for the Swagger UI page ``html``: our origin only."""
    return (
        f"default-src 'none'; script-src 'self' {_script_hashes(html)}; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"
    )


def mount_docs_assets(app: FastAPI) -> None:
    """Serve Swagger UI's files under ``DOCS_ASSETS`` (a router cannot mount)."""
    app.mount(DOCS_ASSETS, StaticFiles(directory=ASSETS_DIR), name="docs-assets")


@router.get("/docs", response_class=HTMLResponse)
async def api_docs(request: Request) -> HTMLResponse:
    page = get_swagger_ui_html(
        openapi_url=request.app.openapi_url,
        title=request.app.title,
        swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
        swagger_favicon_url="/favicon.ico",
    )
    page.headers["Content-Security-Policy"] = docs_policy(bytes(page.body).decode())
    return page
