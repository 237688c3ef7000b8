"""The one error page of every HTML route: the HR workspace's inside ``/hr``, the
participant's (unknown or closed link, service unavailable) everywhere else."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from app.pages.hr.rendering import render_hr
from app.pages.templating import render


def render_error_page(request: Request, status: int, detail: str) -> HTMLResponse:
    """The error page for ``status`` in the visitor's language (``detail`` on HR pages)."""
    if request.url.path == "/hr" or request.url.path.startswith("/hr/"):
        context = {"status": status, "detail": detail}
        return render_hr(request, "hr/error.html", context, status)
    return render(request, "participant_error.html", {"status": status}, status)
