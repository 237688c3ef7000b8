"""Write a table as CSV, as CSV for French Excel, or as XLSX (with a ``codebook`` sheet).

Every format neutralises text a spreadsheet would run as a formula (``app.exports.csv_cells``):
a text cell starting with ``= + - @``, tab or CR gets a leading apostrophe, in CSV and XLSX
alike, so the text stays inert even after a spreadsheet saves the XLSX again as CSV.

* ``csv``: machine headers, ``,`` and ``.``, UTF-8 without BOM (R, pandas, ``iat score``).
* ``csv_excel``: what French Excel opens as it is: UTF-8 with a BOM (else Excel reads
  Windows-1252), ``;`` between cells (``,`` is the decimal separator there), decimal comma,
  headers in the file's language. Numbers keep their full precision.
* ``xlsx``: ``app.exports.xlsx``.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from app.exports.csv_cells import neutralise
from app.exports.schemas import ExportColumn, ExportFormat
from app.i18n import N_, gettext

Cell = str | int | float | bool | None

GUIDE_PATH = "/hr/guide"  # the page "How to read these results" (app.pages.hr.guide)
GUIDE_ROW = "how_to_read"  # the codebook's last row: where that page is
GUIDE_TEXT = N_("How to read these results: {url}")


def guide_url(base_url: str) -> str:
    """The reading guide's address on this platform (written into every codebook)."""
    return base_url.rstrip("/") + GUIDE_PATH


@dataclass(frozen=True)
class ExportTable:
    columns: tuple[ExportColumn, ...]
    rows: Sequence[Sequence[Cell]]


@dataclass(frozen=True)
class FileStyle:
    """How a table is written: the format, the language of its headers (``csv_excel``,
    ``xlsx``), the languages of its codebook's descriptions, and the reading guide's URL (a
    last codebook row when given)."""

    format: ExportFormat = ExportFormat.CSV
    lang: str = "en"
    languages: tuple[str, ...] = ("en",)
    guide_url: str = ""


def _with_flags(columns: Sequence[ExportColumn], row: Sequence[Cell]) -> list[Cell]:
    """The row neutralised, booleans of ``boolean`` columns as 0/1."""
    cells = [neutralise(cell) for cell in row]
    for i, column in enumerate(columns):
        if column.type == "boolean" and cells[i] is not None:
            cells[i] = int(bool(cells[i]))
    return cells


def csv_bytes(columns: Sequence[ExportColumn], rows: Iterable[Sequence[Cell]]) -> bytes:
    """UTF-8 CSV, header first; empty cell = missing; booleans as 0/1; floats unrounded (the
    csv module writes ``repr``); every text cell, whatever its column, neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180; a CR in text gets quoted
    writer.writerow([neutralise(c.name) for c in columns])
    writer.writerows(_with_flags(columns, row) for row in rows)
    return buffer.getvalue().encode("utf-8")


def column_title(column: ExportColumn, lang: str) -> str:
    """The header people read: the column's title in ``lang`` (its name when it has none)."""
    if not column.title:
        return column.name
    text = gettext(lang, column.title)
    return text.format(**column.params) if column.params else text


def decimal_comma(value: Cell) -> Cell:
    """A float as its shortest exact decimal, never in exponent form, with a comma."""
    if not isinstance(value, float):
        return value
    if not math.isfinite(value):
        return None
    return np.format_float_positional(value, trim="-").replace(".", ",")


def excel_csv_bytes(
    columns: Sequence[ExportColumn], rows: Iterable[Sequence[Cell]], lang: str
) -> bytes:
    """CSV for French Excel (module docstring): BOM, ``;``, decimal comma, titles in ``lang``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(column_title(c, lang)) for c in columns])
    for row in rows:
        writer.writerow([decimal_comma(cell) for cell in _with_flags(columns, row)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def codebook_header(languages: Sequence[str]) -> list[str]:
    """``column``, ``type``, ``description_<lang>`` then ``title_<lang>`` per language."""
    return [
        "column",
        "type",
        *(f"description_{lang}" for lang in languages),
        *(f"title_{lang}" for lang in languages),
    ]


def _description(column: ExportColumn, lang: str) -> str:
    text = gettext(lang, column.description)
    return text.format(**column.params) if column.params else text


def codebook_rows(columns: Sequence[ExportColumn], style: FileStyle) -> list[list[Cell]]:
    """Each column's machine name, type, description and title in each language (from the
    catalogues); then, with a guide URL, a row saying where the reading guide is."""
    languages = style.languages
    rows: list[list[Cell]] = [
        [
            c.name,
            c.type,
            *(_description(c, lang) for lang in languages),
            *(column_title(c, lang) for lang in languages),
        ]
        for c in columns
    ]
    if style.guide_url:
        guide = [gettext(lang, GUIDE_TEXT).format(url=style.guide_url) for lang in languages]
        rows.append([GUIDE_ROW, "url", *guide, *([style.guide_url] * len(languages))])
    return rows


def codebook_bytes(columns: Sequence[ExportColumn], style: FileStyle) -> bytes:
    """The codebook as a CSV in the style's dialect (``csv_excel`` or plain ``csv``)."""
    header = tuple(ExportColumn(name=n, type="string") for n in codebook_header(style.languages))
    rows = codebook_rows(columns, style)
    if style.format is ExportFormat.CSV_EXCEL:
        return excel_csv_bytes(header, rows, style.lang)
    return csv_bytes(header, rows)
