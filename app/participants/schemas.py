"""Participants of a campaign as HR manages them: import, links, erasure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, Self

from pydantic import BaseModel, Field, PrivateAttr, model_validator

from app.errors import translated
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


class MintRequest(_Strict):
    """Mint personal links for the people who have none yet (no options: minting never
    revokes a link already sent, and never gives one to someone who opened theirs)."""


class OpenLinkRead(BaseModel):
    team_id: int
    url: str


class ErasureRead(BaseModel):
    participant_id: int
    counts: dict[str, int]
