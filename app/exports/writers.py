"""Write a table as CSV or XLSX (with a ``codebook`` sheet), in memory.

Text cells that a spreadsheet would run as a formula (starting with ``= + - @``, tab or CR) get a
leading apostrophe in CSV (``app.exports.csv_cells``); XLSX cells are always written as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import xlsxwriter

from app.exports.csv_cells import neutralise
from app.exports.schemas import ExportColumn
from app.i18n import gettext

Cell = str | int | float | bool | None


@dataclass(frozen=True)
class ExportTable:
    columns: tuple[ExportColumn, ...]
    rows: Sequence[Sequence[Cell]]


def csv_bytes(columns: Sequence[ExportColumn], rows: Iterable[Sequence[Cell]]) -> bytes:
    """UTF-8 CSV, header first; empty cell = missing; booleans as 0/1; floats unrounded (the
    csv module writes ``repr``); every text cell, whatever its column, neutralised."""
    flags = [i for i, c in enumerate(columns) if c.type == "boolean"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180; a CR in text gets quoted
    writer.writerow([neutralise(c.name) for c in columns])
    for row in rows:
        cells = [neutralise(cell) for cell in row]
        for i in flags:
            cells[i] = None if cells[i] is None else int(bool(cells[i]))
        writer.writerow(cells)
    return buffer.getvalue().encode("utf-8")


def codebook_header(languages: Sequence[str]) -> list[str]:
    """``column``, ``type``, then ``description_<lang>`` per language (machine names)."""
    return ["column", "type", *(f"description_{lang}" for lang in languages)]


def _description(column: ExportColumn, lang: str) -> str:
    text = gettext(lang, column.description)
    return text.format(**column.params) if column.params else text


def codebook_rows(columns: Sequence[ExportColumn], languages: Sequence[str]) -> list[list[Cell]]:
    """Each column's name, type and description in each language (from the catalogues)."""
    return [[c.name, c.type, *(_description(c, lang) for lang in languages)] for c in columns]


def codebook_csv(columns: Sequence[ExportColumn], languages: Sequence[str]) -> bytes:
    header = [ExportColumn(name=n, type="string") for n in codebook_header(languages)]
    return csv_bytes(header, codebook_rows(columns, languages))


def xlsx_bytes(table: ExportTable, sheet_name: str, languages: Sequence[str]) -> bytes:
    """A workbook with the data sheet then a ``codebook`` sheet (constant-memory mode)."""
    output = io.BytesIO()
    options = {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    with xlsxwriter.Workbook(output, options) as workbook:
        bold = workbook.add_format({"bold": True})
        _sheet(
            workbook.add_worksheet(sheet_name), [c.name for c in table.columns], table.rows, bold
        )
        codebook = workbook.add_worksheet("codebook")
        _sheet(codebook, codebook_header(languages), codebook_rows(table.columns, languages), bold)
    return output.getvalue()


def _sheet(
    sheet: xlsxwriter.worksheet.Worksheet,
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    bold: xlsxwriter.format.Format,
) -> None:
    sheet.write_row(0, 0, header, bold)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            else:
                sheet.write_number(r, c, value)
