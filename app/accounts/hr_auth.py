"""Authentication of the HR workspace: the signed session cookie, roles, scope and CSRF.

Use in routes (JSON under ``/api/v1/hr/...`` and pages under ``/hr/...``)::

    def route(user: CurrentHR, scope: CurrentScope, db: SessionDep): ...
    def admin_use_case(call: HRAdminCall): ...                  # user, scope and db at once
    def admin_route(user: CurrentHRAdmin): ...                  # 403 for other roles
    def managers_too(user: Annotated[HRUser, Depends(require_roles(HRRole.HR_ADMIN,
                                                                   HRRole.MANAGER))]): ...

The cookie ``iat_hr`` is signed (itsdangerous), HttpOnly and SameSite=Lax. It holds the user
id, a login-session nonce (only its hash is stored: logout or disabling the account revokes it)
and the CSRF token. Every unsafe request (POST, PUT, PATCH, DELETE) of a signed-in user must
carry that token: header ``X-CSRF-Token`` for the JSON API, header or form field
``csrf_token`` for pages. ``csrf_token(request)`` gives it to templates.

A successful sign-in also sets ``iat_hr_device`` (signed, HttpOnly, one year, ``Secure`` over
https): this browser signed in to that account. Sign-in throttling counts the attempts of such
a known device apart from everyone else's (``app.accounts.throttle``).

Not signed in: 401 ``{"error": "Unauthorized", ...}`` under ``/api/``, a 303 redirect to
``/hr/login`` for pages.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import cookie_parser

from app.accounts import sign_in as auth_service
from app.accounts.scope import HRScope, scope_for
from app.config import Settings
from app.db.models import HRUser
from app.deps import SessionDep, get_db
from app.domain import HRRole
from app.errors import Forbidden, Unauthorized, error_body
from app.i18n import N_
from app.security import new_token

COOKIE_NAME = "iat_hr"
DEVICE_COOKIE_NAME = "iat_hr_device"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
LOGIN_PATH = "/hr/login"
_MAX_AGE_S = int(auth_service.SESSION_LIFETIME.total_seconds())
_DEVICE_MAX_AGE_S = 365 * 24 * 3600
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class LoginRequired(Unauthorized):
    """No valid session: JSON 401 for the API, a redirect to the login page for pages."""


@dataclass(frozen=True)
class CookieData:
    csrf: str
    user_id: int | None = None
    nonce: str | None = None


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt="iat-hr-session")


def read_cookie(request: Request) -> CookieData | None:
    """The verified cookie content, or None when absent, forged or older than a session."""
    raw = request.cookies.get(COOKIE_NAME)
    if not raw:
        return None
    try:
        data: Any = _serializer(request.app.state.settings).loads(raw, max_age=_MAX_AGE_S)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("c"), str):
        return None
    user_id, nonce = data.get("u"), data.get("n")
    if isinstance(user_id, int) and isinstance(nonce, str):
        return CookieData(data["c"], user_id, nonce)
    return CookieData(data["c"])


def has_signed_session(settings: Settings, cookie_header: str) -> bool:
    """Whether a ``Cookie`` header carries a signed-in session cookie that this server signed
    (signature and age only, no database lookup: cheap enough to run before reading a body)."""
    raw = cookie_parser(cookie_header).get(COOKIE_NAME)
    if not raw:
        return False
    try:
        data: Any = _serializer(settings).loads(raw, max_age=_MAX_AGE_S)
    except BadSignature:
        return False
    return isinstance(data, dict) and isinstance(data.get("u"), int)


def write_cookie(request: Request, response: Response, data: CookieData) -> None:
    """Set the signed cookie (``Secure`` when the site is served over https)."""
    payload: dict[str, Any] = {"c": data.csrf}
    if data.user_id is not None:
        payload |= {"u": data.user_id, "n": data.nonce}
    settings: Settings = request.app.state.settings
    response.set_cookie(
        COOKIE_NAME,
        _serializer(settings).dumps(payload),
        max_age=_MAX_AGE_S,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
        path="/",
    )


def secure_cookies(request: Request) -> bool:
    """Cookies are ``Secure`` when the site's address is https or the request came over https
    (directly, or through a trusted proxy that says so: app/proxy_headers.py)."""
    settings: Settings = request.app.state.settings
    return settings.base_url.startswith("https://") or request.url.scheme == "https"


def client_ip(request: Request) -> str:
    """The client address that login throttling counts: the connection's, or the one a
    trusted proxy forwarded (app/proxy_headers.py; never a header from anyone else)."""
    return request.client.host if request.client else "unknown"


def _device_serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt="iat-hr-device")


def read_device(request: Request) -> auth_service.DeviceClaim | None:
    """The verified device cookie (a browser that signed in to an account), or None."""
    raw = request.cookies.get(DEVICE_COOKIE_NAME)
    if not raw:
        return None
    serializer = _device_serializer(request.app.state.settings)
    try:
        data: Any = serializer.loads(raw, max_age=_DEVICE_MAX_AGE_S)
    except BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, device_id = data.get("u"), data.get("d")
    if isinstance(user_id, int) and isinstance(device_id, str) and device_id:
        return auth_service.DeviceClaim(user_id, device_id)
    return None


def _write_device_cookie(
    request: Request, response: Response, grant: auth_service.LoginGrant
) -> None:
    """The long-lived device cookie: this browser signed in to this account (throttle.py)."""
    settings: Settings = request.app.state.settings
    response.set_cookie(
        DEVICE_COOKIE_NAME,
        _device_serializer(settings).dumps({"u": grant.user.id, "d": grant.device_id}),
        max_age=_DEVICE_MAX_AGE_S,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
        path="/",
    )


def start_session(request: Request, response: Response, grant: auth_service.LoginGrant) -> str:
    """Write a fresh cookie for a successful login (new nonce, new CSRF token) and the device
    cookie; return the CSRF token."""
    csrf = new_token()
    write_cookie(request, response, CookieData(csrf, grant.user.id, grant.nonce))
    _write_device_cookie(request, response, grant)
    request.state.hr_csrf = csrf
    return csrf


def end_session(response: Response) -> None:
    response.delete_cookie(COOKIE_NAME, path="/")


def session_nonce(request: Request) -> str | None:
    data = read_cookie(request)
    return data.nonce if data else None


def csrf_token(request: Request) -> str:
    """The CSRF token of this browser; a new one is made (and must be set) if there is none.

    ``ensure_csrf_cookie`` writes a new token onto the response of anonymous pages (login).
    """
    token = getattr(request.state, "hr_csrf", None)
    if token is None:
        data = read_cookie(request)
        token = data.csrf if data else new_token()
        request.state.hr_csrf = token
    return str(token)


def ensure_csrf_cookie(request: Request, response: Response) -> None:
    """For anonymous pages with a form: keep the cookie's token, or set a fresh one."""
    if read_cookie(request) is None:
        write_cookie(request, response, CookieData(csrf_token(request)))


def verify_csrf(request: Request, form_token: str | None) -> None:
    """Raise Forbidden unless ``form_token`` equals the token in the signed cookie."""
    data = read_cookie(request)
    if data is None or not form_token or not hmac.compare_digest(data.csrf, form_token):
        raise Forbidden(N_("missing or invalid CSRF token: reload the page and try again"))


async def _submitted_csrf(request: Request) -> str | None:
    header = request.headers.get(CSRF_HEADER)
    if header or request.url.path.startswith("/api/"):
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


def _resolve(db: Session, request: Request) -> HRUser:
    data = read_cookie(request)
    if data is None or data.user_id is None or data.nonce is None:
        raise LoginRequired(N_("sign in first"))
    user = auth_service.resolve_session(db, data.user_id, data.nonce)
    if user is None:
        raise LoginRequired(N_("your session has ended: sign in again"))
    return user


def signed_in_user(request: Request) -> HRUser | None:
    """The user of the request's live session, or None, for pages drawn where no route
    dependency ran (the error page of an unknown address, a wrong method, a refused CSRF token
    or body): the HR menu then shows as on every other page. Opens its own database session."""
    user: HRUser | None = getattr(request.state, "hr_user", None)
    data = read_cookie(request)
    if user is not None or data is None or data.user_id is None or data.nonce is None:
        return user
    with request.app.state.sessionmaker() as db:
        return auth_service.resolve_session(db, data.user_id, data.nonce)


async def current_hr_user(request: Request, db: SessionDep) -> HRUser:
    """The signed-in HR user; CSRF is checked here for every unsafe method."""
    user = await run_in_threadpool(_resolve, db, request)
    if request.method not in _SAFE_METHODS:
        verify_csrf(request, await _submitted_csrf(request))
    request.state.hr_user = user
    return user


CurrentHR = Annotated[HRUser, Depends(current_hr_user)]


def require_roles(*roles: HRRole) -> Any:
    """A dependency giving the current user when their role is one of ``roles`` (else 403)."""
    allowed = frozenset(roles)

    def dependency(user: CurrentHR) -> HRUser:
        if HRRole(user.role) not in allowed:
            raise Forbidden(N_("your role does not allow this"))
        return user

    return dependency


CurrentHRAdmin = Annotated[HRUser, Depends(require_roles(HRRole.HR_ADMIN))]
CurrentPlatformAdmin = Annotated[HRUser, Depends(require_roles(HRRole.PLATFORM_ADMIN))]


def current_scope(user: CurrentHR, db: SessionDep) -> HRScope:
    """Organisation (None for platform admins) and visible teams (managers) of the user."""
    return scope_for(db, user)


CurrentScope = Annotated[HRScope, Depends(current_scope)]


async def _login_required(request: Request, exc: Exception) -> Response:
    detail = exc.detail if isinstance(exc, LoginRequired) else "sign in first"
    if request.url.path.startswith("/api/"):
        return JSONResponse(error_body("Unauthorized", detail), 401)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    response = RedirectResponse(f"{LOGIN_PATH}?next={quote(target, safe='')}", 303)
    end_session(response)
    return response


def install_hr_auth(app: FastAPI) -> None:
    """Register the handler that turns LoginRequired into a redirect on pages."""
    app.add_exception_handler(LoginRequired, _login_required)


CurrentHRAdminOrPlatform = Annotated[
    HRUser, Depends(require_roles(HRRole.HR_ADMIN, HRRole.PLATFORM_ADMIN))
]
CurrentHRStaff = Annotated[HRUser, Depends(require_roles(HRRole.HR_ADMIN, HRRole.MANAGER))]


@dataclass(frozen=True)
class HRCall:
    """One HR request's caller: the signed-in user, their reach and the request's database
    session, the three things every HR use case is called with."""

    user: HRUser
    scope: HRScope
    db: Session


def _call_of(role_check: Any) -> Any:
    """A dependency giving the HRCall of a user that ``role_check`` lets through (else 403)."""

    # Defaults, not ``Annotated``: the annotations are strings and ``role_check`` is local.
    async def dependency(
        user: HRUser = Depends(role_check),
        scope: HRScope = Depends(current_scope),
        db: Session = Depends(get_db),
    ) -> HRCall:
        return HRCall(user, scope, db)

    return dependency


HRAdminCall = Annotated[HRCall, Depends(_call_of(require_roles(HRRole.HR_ADMIN)))]
HRStaffCall = Annotated[HRCall, Depends(_call_of(require_roles(HRRole.HR_ADMIN, HRRole.MANAGER)))]
HRAdminOrPlatformCall = Annotated[
    HRCall, Depends(_call_of(require_roles(HRRole.HR_ADMIN, HRRole.PLATFORM_ADMIN)))
]
