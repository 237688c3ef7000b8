"""The audit log as the HR API reads it, and its filters."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field, field_validator

from app.inputs import FromOrm

AUDIT_MAX_LIMIT = 500
ACTOR_PATTERN = r"^(hr_user(:[0-9]{1,10})?|api_token(:token:[0-9]{1,10})?|system|participant)$"


class AuditEventRead(FromOrm):
    """One event. The first eight fields are the stored ones (stable); ``actor_name`` (the HR
    user's e-mail, the research token's name, ``system``; None for a participant), and
    ``summary`` (what happened, one sentence per language) are added for people to read."""

    id: int
    created_at: datetime
    actor_kind: str
    actor_id: str | None
    action: str
    target_kind: str | None
    target_id: str | None
    row_count: int | None
    actor_name: str | None = None
    target_name: str | None = None
    summary: dict[str, str] = Field(default_factory=dict)


class AuditQuery(BaseModel):
    """Filters and page of the audit log. ``action``: one action (``campaign.open``) or a
    family ending in a dot (``campaign.``); ``actor``: ``hr_user:<id>``,
    ``api_token:token:<id>``, or a kind alone (``system``, ``participant``, ``hr_user``,
    ``api_token``); ``since`` / ``until``: UTC days, both included. Empty means no filter."""

    action: str | None = Field(default=None, max_length=60, pattern=r"^[a-z_.]+$")
    # A participant is never filtered on one by one: their acts are listed without saying whose.
    actor: str | None = Field(default=None, pattern=ACTOR_PATTERN)
    since: date | None = None
    until: date | None = None
    limit: int = Field(default=100, ge=1, le=AUDIT_MAX_LIMIT)
    offset: int = Field(default=0, ge=0, le=100_000_000)

    @field_validator("action", "actor", "since", "until", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


class AuditPage(BaseModel):
    """A page of events and the number matching the filters."""

    items: list[AuditEventRead]
    total: int
