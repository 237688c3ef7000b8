"""Participants of a campaign as HR manages them: import, links, erasure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, Self

from pydantic import BaseModel, Field, PrivateAttr, field_validator, model_validator

from app.errors import translated
from app.exports.schemas import ExportFormat
from app.inputs import RowIdField
from app.inputs import StrictInput as _Strict


class ImportRequest(_Strict):
    """A CSV with header ``code,team[,full_name][,email][,language]``, as text (``csv``) or
    as the file's bytes in base64 (``csv_base64``: any encoding a spreadsheet writes, detected);
    ``confirm=false`` only previews."""

    csv: str | None = Field(default=None, max_length=5_000_000, description="the file as text")
    csv_base64: str | None = Field(
        default=None,
        max_length=7_000_000,
        description="the file's bytes, base64: UTF-8 (with or without BOM), UTF-16 with BOM, "
        "Windows-1252 / ISO-8859-15 / Mac OS Roman (as French Excel writes): the encoding is "
        "detected and given back in `encoding`",
    )
    confirm: bool = False

    @model_validator(mode="after")
    def _one_file(self) -> Self:
        if (self.csv is None) == (self.csv_base64 is None):
            raise ValueError("give the file either as `csv` (text) or as `csv_base64` (bytes)")
        return self


class ImportRow(BaseModel):
    line: int
    code: str
    team: str
    full_name: str | None = None
    email: str | None = None
    language: str | None = None
    action: Literal["new", "update", "unchanged"]


class ImportLineError(BaseModel):
    """A line's problem: ``message`` in English (the API's), ``message_in(lang)`` for pages."""

    line: int
    message: str
    _msgid: str = PrivateAttr(default="")
    _params: Mapping[str, object] = PrivateAttr(default_factory=dict)

    @classmethod
    def of(cls, line: int, msgid: str, **params: object) -> ImportLineError:
        """``msgid`` (marked ``N_()``) with its ``{name}`` fields filled from ``params``."""
        error = cls(line=line, message=msgid.format(**params))
        error._msgid, error._params = msgid, params
        return error

    def message_in(self, lang: str) -> str:
        return translated(self._msgid, self._params, lang) if self._msgid else self.message


class ImportPreview(BaseModel):
    rows: list[ImportRow]
    errors: list[ImportLineError]
    written: bool = False
    encoding: str | None = Field(
        default=None,
        description="the encoding detected in `csv_base64` (utf-8, utf-8-sig, utf-16, cp1252, "
        "iso8859_15, mac_roman); null for `csv` text",
    )

    @property
    def can_confirm(self) -> bool:
        return not self.errors and bool(self.rows)


class ParticipantRead(BaseModel):
    """One person of the roster. ``status`` is only finished / not finished: declining or
    withdrawing shows as not finished, so the roster does not tell who refused."""

    id: int
    code: str
    team_id: int
    team_name: str
    status: Literal["finished", "not_finished"]
    has_identity: bool
    # HR admins only, when the campaign stores the person's identity (imported name, e-mail).
    full_name: str | None = None
    email: str | None = None
    # Whether an invitation e-mail was queued for this person (reminders are not counted:
    # they skip people who refused, so they would tell who did); also true for a person with
    # an address whom a mail-out to everyone skipped because they had declined or withdrawn.
    invitation_emailed: bool = False


ROSTER_MAX_LIMIT = 1000


class RosterQuery(BaseModel):
    """The roster's search, filters and page (query string of ``GET …/participants`` and of
    the campaign page). ``finished=false`` is everyone not finished: never opened, agreed,
    in progress, declined and withdrawn alike. An empty value means "no filter"."""

    q: str | None = Field(default=None, max_length=200, description="code, name or e-mail")
    team_id: RowIdField | None = None
    finished: bool | None = None
    emailed: bool | None = Field(default=None, description="an invitation e-mail was queued")
    limit: int = Field(default=ROSTER_MAX_LIMIT, ge=1, le=ROSTER_MAX_LIMIT)
    offset: int = Field(default=0, ge=0, le=10_000_000)

    @field_validator("q", "team_id", "finished", "emailed", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("q")
    @classmethod
    def _no_nul(cls, value: str | None) -> str | None:
        if value is not None and "\x00" in value:
            raise ValueError("text may not contain NUL characters (\\u0000)")
        return value.strip() if value is not None else None


class RosterPage(BaseModel):
    """One page of the roster and the number of people matching the filters."""

    items: list[ParticipantRead]
    total: int


class MintRequest(_Strict):
    """Mint personal links for the people who have none yet (minting never revokes a link
    already sent, and never gives one to someone who opened theirs). ``format`` and ``lang``
    only say how the file is written, as for exports (``csv``: as always)."""

    format: ExportFormat = ExportFormat.CSV
    lang: str | None = Field(None, max_length=16, examples=["fr"])


class OpenLinkRead(BaseModel):
    team_id: int
    url: str


class ErasureRead(BaseModel):
    participant_id: int
    counts: dict[str, int]
