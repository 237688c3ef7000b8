"""``/o/{token}``: a team's open link becomes a pseudonymous participant's personal link.

The browser keeps the personal link it was given in a cookie for this open link (HttpOnly,
SameSite=Lax, path ``/o/``): a reload or a second visit resumes that participant's session
instead of counting a new participant, until the session is finished, declined or withdrawn
(then the next visit starts a new one, so a shared device still serves several employees).
The cookie is strictly necessary for this and holds nothing but that link.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.deps import SessionDep, SettingsDep
from app.errors import AppError
from app.pages.templating import render
from app.participants.invitations import follow_open_link
from app.security import token_hash

router = APIRouter(include_in_schema=False)

# How long a browser remembers its participant for an open link.
REMEMBER_DAYS = 90


def remember_cookie_name(token: str) -> str:
    """One cookie per open link, named after part of its hash (never the token itself)."""
    return f"iat_open_{token_hash(token)[:16]}"


@router.get("/o/{token}", response_class=HTMLResponse)
def open_link(request: Request, token: str, db: SessionDep, settings: SettingsDep) -> Response:
    name = remember_cookie_name(token)
    try:
        personal = follow_open_link(db, token, request.cookies.get(name))
    except AppError as exc:
        return render(
            request, "participant_error.html", {"status": exc.status_code}, exc.status_code
        )
    response = RedirectResponse(f"/p/{personal}", 303, headers={"Cache-Control": "no-store"})
    response.set_cookie(
        name,
        personal,
        max_age=REMEMBER_DAYS * 24 * 3600,
        path="/o/",
        # TLS usually ends at a proxy, so the app itself sees http: the public address says.
        secure=request.url.scheme == "https" or settings.base_url.startswith("https://"),
        httponly=True,
        samesite="lax",
    )
    return response
