"""The public home page and the site icon."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse

from app.pages.templating import FRONTEND_DIR, render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    return render(request, "home.html")


FAVICON = FRONTEND_DIR / "static" / "img" / "favicon.svg"


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    """The icon browsers ask for on their own (pages link ``/static/img/favicon.svg``)."""
    return FileResponse(FAVICON, media_type="image/svg+xml")
