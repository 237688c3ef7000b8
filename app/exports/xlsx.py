"""Write a table as an XLSX workbook: the data sheet, then a ``codebook`` sheet.

The data sheet's header holds the columns' titles in the file's language, stays frozen while
scrolling, and each column is as wide as its longest header or value (capped). Numbers keep
their full precision in the cell and show 2 or 3 decimals (``ExportColumn.decimals``) through
the cell's number format, which each spreadsheet displays with its own decimal separator.
Cells are only ever text or numbers, never formulas, and text a spreadsheet would run gets the
same leading apostrophe as in CSV (``app.exports.csv_cells``). The codebook maps each machine
name to its title and description.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from app.exports.csv_cells import neutralise
from app.exports.schemas import ExportColumn
from app.exports.writers import (
    Cell,
    ExportTable,
    FileStyle,
    codebook_header,
    codebook_rows,
    column_title,
)

MIN_WIDTH, MAX_WIDTH = 8, 60
SAMPLE_ROWS = 500  # widths are measured on the first rows: enough to size, cheap on 10,000


def xlsx_bytes(table: ExportTable, sheet_name: str, style: FileStyle) -> bytes:
    """A workbook with the data sheet then a ``codebook`` sheet (constant-memory mode)."""
    output = io.BytesIO()
    options = {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    with xlsxwriter.Workbook(output, options) as workbook:
        header = [column_title(c, style.lang) for c in table.columns]
        formats = [_number_format(workbook, c) for c in table.columns]
        _sheet(workbook, sheet_name, header, table.rows, formats)
        book_header = codebook_header(style.languages)
        _sheet(
            workbook,
            "codebook",
            book_header,
            codebook_rows(table.columns, style),
            [None] * len(book_header),
        )
    return output.getvalue()


def _number_format(workbook: Workbook, column: ExportColumn) -> Format | None:
    if column.type == "number":
        return workbook.add_format({"num_format": "0." + "0" * column.decimals})
    if column.type in ("integer", "boolean"):
        return workbook.add_format({"num_format": "0"})
    return None


def _sheet(
    workbook: Workbook,
    name: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    formats: Sequence[Format | None],
) -> None:
    sheet = workbook.add_worksheet(name)
    sheet.freeze_panes(1, 0)
    for c, width in enumerate(_widths(header, rows, formats)):
        sheet.set_column(c, c, width)
    sheet.write_row(0, 0, [neutralise(h) for h in header], workbook.add_format({"bold": True}))
    for r, row in enumerate(rows, start=1):
        _row(sheet, r, row, formats)


def _row(sheet: Worksheet, r: int, row: Sequence[Cell], formats: Sequence[Format | None]) -> None:
    for c, value in enumerate(row):
        if value is None:
            continue
        if isinstance(value, str):
            sheet.write_string(r, c, neutralise(value))
        elif isinstance(value, bool):
            sheet.write_number(r, c, int(value), formats[c])
        else:
            sheet.write_number(r, c, value, formats[c])


def _widths(
    header: Sequence[str], rows: Sequence[Sequence[Cell]], formats: Sequence[Format | None]
) -> list[int]:
    """Characters per column: the longest header or shown value among the first rows."""
    widths = [len(h) for h in header]
    for row in rows[:SAMPLE_ROWS]:
        for c, value in enumerate(row):
            shown = _shown_length(value, formats[c])
            widths[c] = max(widths[c], shown)
    return [min(max(w + 2, MIN_WIDTH), MAX_WIDTH) for w in widths]


def _shown_length(value: Cell, number_format: Format | None) -> int:
    if value is None:
        return 0
    if isinstance(value, str):
        return len(value) + 1  # room for a neutralising apostrophe
    decimals = str(number_format.num_format).count("0") - 1 if number_format else 0
    return len(f"{float(value):.{max(decimals, 0)}f}")
