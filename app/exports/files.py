"""One entry point for every table the platform hands to people as a file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from app.exports.codebook import LINK_COLUMNS
from app.exports.schemas import ExportFormat
from app.exports.writers import ExportTable, FileStyle, csv_bytes, excel_csv_bytes
from app.exports.xlsx import xlsx_bytes

MEDIA_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.CSV_EXCEL: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class ExportFile:
    filename: str
    media_type: str
    content: bytes
    row_count: int
    # A file too large to hold (the trial rows): its chunks, sent as they come; content is b"".
    chunks: Iterator[bytes] | None = None

    def body(self) -> Iterator[bytes]:
        """The file's bytes, in chunks."""
        return self.chunks if self.chunks is not None else iter((self.content,))

    def download_headers(self) -> dict[str, str]:
        """Headers of the HTTP download (an attachment, never cached)."""
        return {
            "Content-Disposition": f'attachment; filename="{self.filename}"',
            "Cache-Control": "no-store",
            "X-Row-Count": str(self.row_count),
        }


def table_bytes(table: ExportTable, style: FileStyle, sheet_name: str) -> bytes:
    """The file of ``table`` in ``style.format`` (``app.exports.writers``, ``.xlsx``)."""
    if style.format is ExportFormat.CSV:
        return csv_bytes(table.columns, table.rows)
    if style.format is ExportFormat.CSV_EXCEL:
        return excel_csv_bytes(table.columns, table.rows, style.lang)
    return xlsx_bytes(table, sheet_name, style)


def links_file(rows: list[list[str]], style: FileStyle) -> bytes:
    """The invitation links file: ``LINK_COLUMNS`` in ``style.format``. The plain CSV keeps its
    BOM, as it always had (the file HR opens first)."""
    table = ExportTable(LINK_COLUMNS, rows)
    content = table_bytes(table, style, "links")
    if style.format is ExportFormat.CSV:
        return "\ufeff".encode() + content
    return content


def links_export(rows: list[list[str]], campaign_id: int, style: FileStyle) -> ExportFile:
    """The links file of a campaign as a download (``row_count``: the links in it)."""
    name = f"invitations-campaign-{campaign_id}.{style.format.extension}"
    return ExportFile(name, MEDIA_TYPES[style.format], links_file(rows, style), len(rows))
