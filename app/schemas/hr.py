"""HR workspace API shapes (``/api/v1/hr``), declared once."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.domain import HRRole


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _FromOrm(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class LoginCreate(_Strict):
    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=1000)


class HRUserRead(_FromOrm):
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
