"""``/o/{token}``: a team's open link becomes a new pseudonymous participant's personal link."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.deps import SessionDep
from app.errors import AppError
from app.pages.templating import render
from app.services.hr.invitations import follow_open_link

router = APIRouter(include_in_schema=False)


@router.get("/o/{token}", response_class=HTMLResponse)
def open_link(request: Request, token: str, db: SessionDep) -> Response:
    try:
        personal = follow_open_link(db, token)
    except AppError as exc:
        return render(
            request, "participant_error.html", {"status": exc.status_code}, exc.status_code
        )
    return RedirectResponse(f"/p/{personal}", 303, headers={"Cache-Control": "no-store"})
