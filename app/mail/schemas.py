"""Mail-outs as HR asks for them and sees them (``/api/v1/hr/campaigns/{id}/mailings``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

from app.inputs import RowIdField
from app.inputs import StrictInput as _Strict
from app.times import UtcDatetime


class MailingCreate(_Strict):
    """``not_invited``: people never sent an invitation e-mail; ``not_completed``: people who
    have not finished; ``participant_ids``: the people named. Those who declined or withdrew
    are never mailed; they are counted in ``skipped`` with those who have no address."""

    kind: Literal["invitation", "reminder"]
    audience: Literal["not_invited", "not_completed", "participant_ids"]
    participant_ids: list[RowIdField] = Field(default_factory=list, max_length=10_000)

    @model_validator(mode="after")
    def _ids_only_when_named(self) -> MailingCreate:
        named = self.audience == "participant_ids"
        if named and not self.participant_ids:
            raise ValueError("participant_ids: name at least one person for this audience")
        if not named and self.participant_ids:
            raise ValueError("participant_ids: only with audience 'participant_ids'")
        return self


class MailingCreated(BaseModel):
    """Messages queued, and people not mailed (no e-mail address, declined or withdrew, or
    finished: one count, so it does not tell who refused)."""

    mailing_id: int
    queued: int
    skipped: int


class TestMailCreate(_Strict):
    """A test message to the HR user's own address (its link is an example that does not work)."""

    template: Literal["invitation", "reminder"] = "invitation"
    language: str | None = Field(default=None, max_length=10)


class MailingRead(BaseModel):
    """One mail-out with its messages' delivery states."""

    id: int
    kind: str
    audience: str
    reminder_day: int | None
    created_at: UtcDatetime
    queued: int  # messages queued by the mail-out
    skipped: int
    states: dict[str, int]  # messages now queued, sent, failed, bounced
