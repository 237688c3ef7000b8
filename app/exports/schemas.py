"""HR exports: what can be asked for, and the codebook that describes every column."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ExportKind(StrEnum):
    INDIVIDUAL = "individual"  # one row per completed participant, per the campaign's policy
    TEAM = "team"  # one row per group, suppressed like the dashboard
    TRIALS = "trials"  # one row per trial (CSV only, HR admins)


class ExportFormat(StrEnum):
    CSV = "csv"  # machine headers, ',' and '.', UTF-8 (R, pandas, iat score)
    CSV_EXCEL = "csv_excel"  # what French Excel opens as is: BOM, ';', decimal comma, titles
    XLSX = "xlsx"  # titles, widths, frozen header, 2-3 decimals shown, full precision kept

    @property
    def extension(self) -> str:
        return "xlsx" if self is ExportFormat.XLSX else "csv"


class ExportCreate(BaseModel):
    """Which export to download. ``lang``: the language of the column titles (``csv_excel``,
    ``xlsx``); one of the offered languages, by default the request's."""

    kind: ExportKind
    format: ExportFormat = ExportFormat.CSV
    lang: str | None = Field(None, max_length=16, examples=["fr"])


class ExportColumn(BaseModel):
    """One codebook entry (the CSV's companion file, the XLSX's ``codebook`` sheet).

    ``name`` is the machine column name (never translated); ``description`` and ``title`` are
    English msgids of the gettext catalogue, with ``params`` filled into their
    ``{placeholders}``.
    """

    model_config = ConfigDict(frozen=True)

    name: str
    type: Literal["string", "integer", "number", "boolean"]
    description: str = ""
    params: dict[str, str] = Field(default_factory=dict)
    title: str = ""  # msgid of the header people read (csv_excel, xlsx); default: ``name``
    decimals: int = 2  # decimals an XLSX number shows (the cell keeps full precision)


class ExportOptionRead(BaseModel):
    """One export offered on a campaign, and why it is not available when it is not."""

    model_config = ConfigDict(frozen=True)

    kind: ExportKind
    formats: list[ExportFormat]
    allowed: bool
    reason: str = ""  # the error's name (``Forbidden``, ``Conflict``); the page words it
