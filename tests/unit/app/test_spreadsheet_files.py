"""The three file formats, on the bytes and as a spreadsheet program opens them.

``csv_excel`` is what French Excel opens as it is (BOM, ``;``, decimal comma, titles in the
file's language); ``xlsx`` keeps full precision behind a 2–3 decimal display, freezes its
header and sizes its columns; no format lets a text cell become a formula. Where LibreOffice
is installed (``soffice``), the files are opened by it, headless, as a French user's
spreadsheet would: the test skips without it.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from app.exports.files import links_file, table_bytes
from app.exports.schemas import ExportColumn, ExportFormat
from app.exports.writers import ExportTable, FileStyle

D = 0.123456789012345  # more digits than any display shows
COLUMNS = (
    ExportColumn(name="team", type="string", title="Team"),
    ExportColumn(name="d_score", type="number", title="D score", decimals=3),
    ExportColumn(name="iat_n", type="integer", title="D scores counted"),
    ExportColumn(name="d_excluded", type="boolean", title="D excluded"),
    ExportColumn(name="tiny", type="number", title="{code} score", params={"code": "LEAD"}),
)
ROWS = [
    ["-Ventes; Nord", D, 12, False, 1e-7],
    ['=HYPERLINK("http://x","y")', -0.5, 3, True, None],
    ["@SUM(A1)", None, None, None, 2.0],
]
TABLE = ExportTable(COLUMNS, ROWS)


def _style(fmt: ExportFormat, lang: str = "fr") -> FileStyle:
    return FileStyle(fmt, lang, ("fr", "en"), "https://iat.example/hr/guide")


def test_csv_excel_bytes_are_bom_semicolons_decimal_comma_and_french_titles() -> None:
    content = table_bytes(TABLE, _style(ExportFormat.CSV_EXCEL), "team")
    assert content.startswith(b"\xef\xbb\xbf")  # the UTF-8 BOM Excel needs
    lines = content.decode("utf-8").removeprefix("\ufeff").split("\r\n")
    assert lines[0] == "Équipe;Score D;Scores D comptés;D exclu;Score LEAD"
    # Quoted because of the ';'; the leading '-' neutralised; every digit of D kept; no exponent.
    assert lines[1] == '"\'-Ventes; Nord";0,123456789012345;12;0;0,0000001'
    assert lines[2] == '"\'=HYPERLINK(""http://x"",""y"")";-0,5;3;1;'
    assert lines[3] == "'@SUM(A1);;;;2"
    assert lines[4] == ""


def test_csv_excel_titles_follow_the_language_and_plain_csv_keeps_machine_names() -> None:
    english = table_bytes(TABLE, _style(ExportFormat.CSV_EXCEL, "en"), "team").decode("utf-8")
    assert english.removeprefix("\ufeff").startswith("Team;D score;D scores counted;")
    plain = table_bytes(TABLE, _style(ExportFormat.CSV), "team")
    assert not plain.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(plain.decode("utf-8"))))
    assert rows[0] == ["team", "d_score", "iat_n", "d_excluded", "tiny"]
    assert rows[1] == ["'-Ventes; Nord", repr(D), "12", "0", "1e-07"]


def test_xlsx_has_titles_frozen_header_widths_full_precision_and_no_formula() -> None:
    book = openpyxl.load_workbook(io.BytesIO(table_bytes(TABLE, _style(ExportFormat.XLSX), "t")))
    sheet = book["t"]
    assert [c.value for c in sheet[1]] == [
        "Équipe",
        "Score D",
        "Scores D comptés",
        "D exclu",
        "Score LEAD",
    ]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= len('\'=HYPERLINK("http://x","y")')
    d = sheet["B2"]
    assert d.value == D and d.number_format == "0.000"  # shows 0.123, keeps every digit
    assert sheet["E2"].number_format == "0.00" and sheet["C2"].number_format == "0"
    formula = sheet["A3"]
    assert formula.data_type == "s" and formula.value == '\'=HYPERLINK("http://x","y")'
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_xlsx_codebook_maps_machine_names_to_titles_and_names_the_guide() -> None:
    book = openpyxl.load_workbook(io.BytesIO(table_bytes(TABLE, _style(ExportFormat.XLSX), "t")))
    rows = list(book["codebook"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:2] == ("column", "type")
    assert [r[0] for r in rows[1:]] == [
        "team",
        "d_score",
        "iat_n",
        "d_excluded",
        "tiny",
        "how_to_read",
    ]
    title_fr = header.index("title_fr")
    assert [r[title_fr] for r in rows[1:3]] == ["Équipe", "Score D"]
    guide = rows[-1][header.index("description_fr")]
    assert guide == "Comment lire ces résultats : https://iat.example/hr/guide"


def test_links_file_keeps_todays_csv_by_default_and_offers_excel_formats() -> None:
    rows = [["e01", "Ventes", "Zoé Ä", "z@x.fr", "http://iat.example/p/abc"]]
    plain = links_file(rows, _style(ExportFormat.CSV))
    assert (
        plain
        == (
            "\ufeffcode,team,full_name,email,url\r\ne01,Ventes,Zoé Ä,z@x.fr,http://iat.example/p/abc\r\n"
        ).encode()
    )
    excel = links_file(rows, _style(ExportFormat.CSV_EXCEL)).decode("utf-8")
    assert excel.startswith("\ufeffCode participant;Équipe;Nom;E-mail;Lien personnel\r\n")
    book = openpyxl.load_workbook(io.BytesIO(links_file(rows, _style(ExportFormat.XLSX))))
    assert [c.value for c in book.active[2]] == rows[0]


# --- opened by LibreOffice (headless), where it is installed ---------------------------------

SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")


def _soffice(tmp_path: Path, source: Path, target: str, *options: str) -> Path:
    """Convert ``source`` with LibreOffice (its own profile, so runs never share a lock)."""
    profile = (tmp_path / "lo-profile").as_uri()
    command = [str(SOFFICE), f"-env:UserInstallation={profile}", "--headless", *options]
    command += ["--convert-to", target, "--outdir", str(tmp_path / "out"), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    return tmp_path / "out" / f"{source.stem}.{target.split(':', 1)[0]}"


@needs_soffice
def test_libreoffice_in_french_reads_csv_excel_numbers_as_numbers_and_text_as_text(
    tmp_path: Path,
) -> None:
    source = tmp_path / "team.csv"
    source.write_bytes(table_bytes(TABLE, _style(ExportFormat.CSV_EXCEL), "team"))
    # As French Excel opens a CSV: ';' between cells, '"' around text, UTF-8, French locale.
    opened = _soffice(tmp_path, source, "xlsx", "--infilter=CSV:59,34,76,1,,1036")
    sheet = openpyxl.load_workbook(opened).active
    assert [c.value for c in sheet[1]][:3] == ["Équipe", "Score D", "Scores D comptés"]
    assert sheet["B2"].value == pytest.approx(D, abs=1e-15) and sheet["B3"].value == -0.5
    assert sheet["C2"].value == 12 and sheet["E2"].value == pytest.approx(1e-7)
    assert sheet["A2"].value == "'-Ventes; Nord"
    assert sheet["A3"].value == '\'=HYPERLINK("http://x","y")'  # text, not a link formula
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@needs_soffice
def test_libreoffice_shows_xlsx_numbers_with_their_decimals_and_formulas_as_text(
    tmp_path: Path,
) -> None:
    source = tmp_path / "team.xlsx"
    source.write_bytes(table_bytes(TABLE, _style(ExportFormat.XLSX), "team"))
    # The first sheet as CSV: ',', '"', UTF-8, English locale, cells saved as shown.
    shown = _soffice(
        tmp_path, source, "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,true"
    )
    rows = list(csv.reader(io.StringIO(shown.read_text(encoding="utf-8"))))
    assert rows[0] == ["Équipe", "Score D", "Scores D comptés", "D exclu", "Score LEAD"]
    assert rows[1][1:4] == ["0.123", "12", "0"] and rows[1][4] == "0.00"
    assert rows[2][0] == '\'=HYPERLINK("http://x","y")' and rows[2][1] == "-0.500"
    assert rows[3][0] == "'@SUM(A1)"
