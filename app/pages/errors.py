"""The one error page of every HTML route: the HR workspace's inside ``/hr``, the
participant's (unknown or closed link, service unavailable) everywhere else."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from app.accounts.hr_auth import signed_in_user
from app.db.models import HRUser
from app.errors import DATABASE_UNAVAILABLE, Failure
from app.i18n import request_language
from app.pages.hr.rendering import render_hr
from app.pages.templating import render


def render_error_page(request: Request, failure: Failure) -> HTMLResponse:
    """The error page of ``failure`` in the visitor's language, its detail included."""
    status, detail = failure.status, failure.detail_in(request_language(request))
    context = {"status": status, "detail": detail}
    if request.url.path == "/hr" or request.url.path.startswith("/hr/"):
        request.state.hr_user = _menu_user(request, status)
        return render_hr(request, "hr/error.html", context, status)
    return render(request, "participant_error.html", context, status)


def _menu_user(request: Request, status: int) -> HRUser | None:
    """Whom the HR menu is for, even where no route ran (a wrong method, a refused CSRF token
    or body); nobody when the database is what failed."""
    if status == 503:
        return None
    try:
        return signed_in_user(request)
    except DATABASE_UNAVAILABLE:
        return None
