"""Sign-in, sign-out and password (re)set pages."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.accounts import manage as accounts
from app.accounts import sign_in as auth
from app.accounts.hr_auth import (
    CurrentHR,
    client_ip,
    end_session,
    read_device,
    session_nonce,
    start_session,
    verify_csrf,
)
from app.deps import SessionDep
from app.errors import AppError, TooManyRequests
from app.pages.hr.rendering import FormFields, render_hr

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only local paths under /hr (no open redirect)."""
    if target and target.startswith("/hr") and not target.startswith("//"):
        return target
    return "/hr/campaigns"


@router.get("/hr", response_class=HTMLResponse)
def home(user: CurrentHR) -> Response:
    return RedirectResponse("/hr/campaigns", 303)


@router.get("/hr/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    return render_hr(request, "hr/login.html", {"next": request.query_params.get("next", "")})


@router.post("/hr/login", response_class=HTMLResponse)
def login_submit(request: Request, db: SessionDep, form: FormFields) -> Response:
    verify_csrf(request, form.get("csrf_token"))
    email, target = form.get("email", ""), _safe_next(form.get("next"))
    try:
        password, device = form.get("password", ""), read_device(request)
        grant = auth.login(db, email, password, client_ip(request), device)
    except AppError as exc:
        context = {"next": target, "email": email, "failure": exc}
        retry = exc.retry_after_s if isinstance(exc, TooManyRequests) else None
        response = render_hr(request, "hr/login.html", context | {"retry": retry}, exc.status_code)
        if retry:
            response.headers["Retry-After"] = str(retry)
        return response
    redirect = RedirectResponse(target, 303)
    start_session(request, redirect, grant)
    return redirect


@router.post("/hr/logout")
def logout(user: CurrentHR, request: Request, db: SessionDep) -> Response:
    auth.logout(db, session_nonce(request) or "")
    response = RedirectResponse("/hr/login", 303)
    end_session(response)
    return response


@router.get("/hr/reset/{token}", response_class=HTMLResponse)
def reset_page(request: Request, token: str, db: SessionDep) -> HTMLResponse:
    try:
        accounts.check_reset_token(db, token)
    except AppError as exc:
        return render_hr(request, "hr/reset.html", {"failure": exc}, exc.status_code)
    return render_hr(request, "hr/reset.html", {"token": token})


@router.post("/hr/reset/{token}", response_class=HTMLResponse)
def reset_submit(request: Request, token: str, db: SessionDep, form: FormFields) -> Response:
    verify_csrf(request, form.get("csrf_token"))
    try:
        accounts.reset_password(db, token, form.get("password", ""))
    except AppError as exc:
        context = {"token": token, "failure": exc}
        return render_hr(request, "hr/reset.html", context, exc.status_code)
    return render_hr(request, "hr/login.html", {"next": "", "notice": "reset_done"})
