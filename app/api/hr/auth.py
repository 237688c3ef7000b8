"""Sign-in, sign-out and the current user (JSON twin of the login page)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from app.accounts import sign_in as auth
from app.accounts.hr_auth import (
    CurrentHR,
    client_ip,
    csrf_token,
    end_session,
    read_device,
    session_nonce,
    start_session,
)
from app.accounts.schemas import HRUserRead, LoginCreate, SessionInfo
from app.deps import SessionDep

router = APIRouter(prefix="/api/v1/hr", tags=["hr"])


@router.post("/login", response_model=SessionInfo)
def login(body: LoginCreate, request: Request, response: Response, db: SessionDep) -> SessionInfo:
    """Sign in; sets the session cookie. 429 with Retry-After after repeated failures."""
    grant = auth.login(db, body.email, body.password, client_ip(request), read_device(request))
    token = start_session(request, response, grant)
    return SessionInfo(user=HRUserRead.model_validate(grant.user), csrf_token=token)


@router.post("/logout", status_code=204)
def logout(user: CurrentHR, request: Request, response: Response, db: SessionDep) -> None:
    """Sign out: the session is revoked server-side and the cookie cleared."""
    auth.logout(db, session_nonce(request) or "")
    end_session(response)


@router.get("/me", response_model=SessionInfo)
def me(user: CurrentHR, request: Request) -> SessionInfo:
    """The signed-in account and the CSRF token that every other write of this API must send
    in the ``X-CSRF-Token`` header. 401 without a valid session."""
    return SessionInfo(user=HRUserRead.model_validate(user), csrf_token=csrf_token(request))
