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
    CSV = "csv"
    XLSX = "xlsx"


class ExportCreate(BaseModel):
    """Which export to download."""

    kind: ExportKind
    format: ExportFormat = ExportFormat.CSV


class ExportColumn(BaseModel):
    """One codebook entry (the CSV's companion file, the XLSX's ``codebook`` sheet).

    ``name`` is the machine column name (never translated); ``description`` is an English msgid
    of the gettext catalogue, with ``params`` filled into its ``{placeholders}``.
    """

    model_config = ConfigDict(frozen=True)

    name: str
    type: Literal["string", "integer", "number", "boolean"]
    description: str = ""
    params: dict[str, str] = Field(default_factory=dict)


class ExportOptionRead(BaseModel):
    """One export offered on a campaign, and why it is not available when it is not."""

    model_config = ConfigDict(frozen=True)

    kind: ExportKind
    formats: list[ExportFormat]
    allowed: bool
    reason: str = ""  # the error's name (``Forbidden``, ``Conflict``); the page words it
