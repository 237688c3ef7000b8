"""HR accounts as the HR API reads and writes them (``/api/v1/hr``)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from app.domain import HRRole
from app.inputs import FromOrm, RowIdField
from app.inputs import StrictInput as _Strict


class LoginCreate(_Strict):
    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=1000)


class HRUserRead(FromOrm):
    id: int
    email: str
    role: HRRole
    organisation_id: int | None
    active: bool
    last_login_at: datetime | None = None


class SessionInfo(BaseModel):
    """The signed-in user and the CSRF token to send as ``X-CSRF-Token`` on unsafe requests."""

    user: HRUserRead
    csrf_token: str


class HRUserCreate(_Strict):
    """A new account. ``organisation_id`` is for platform admins; HR admins create in theirs."""

    email: str = Field(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")
    role: HRRole
    organisation_id: RowIdField | None = None


class HRUserUpdate(_Strict):
    """Enable/disable an account; for managers, the teams they see (replaces the list)."""

    active: bool | None = None
    team_ids: list[RowIdField] | None = None


class HRUserDetail(HRUserRead):
    team_ids: list[int] = Field(default_factory=list)


class ResetLinkRead(BaseModel):
    """A one-time link the admin hands over; shown once, only its hash is stored."""

    user_id: int
    reset_url: str
    expires_at: datetime


class HRUserCreated(BaseModel):
    user: HRUserRead
    reset_link: ResetLinkRead


class PasswordResetCreate(_Strict):
    token: str = Field(min_length=10, max_length=200)
    password: str = Field(min_length=12, max_length=1000)
