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


def codebook_rows(columns: Sequence[ExportColumn]) -> list[list[Cell]]:
    return [[c.name, c.type, c.description_fr, c.description_en] for c in columns]


CODEBOOK_HEADER = ("column", "type", "description_fr", "description_en")


def codebook_csv(columns: Sequence[ExportColumn]) -> bytes:
    header = [
        ExportColumn(name=n, type="string", description_fr="", description_en="")
        for n in CODEBOOK_HEADER
    ]
    return csv_bytes(header, codebook_rows(columns))


def xlsx_bytes(table: ExportTable, sheet_name: str) -> bytes:
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
        _sheet(
            workbook.add_worksheet("codebook"), CODEBOOK_HEADER, codebook_rows(table.columns), bold
        )
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
