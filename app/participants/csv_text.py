"""The text of an uploaded CSV file, whatever the program that saved it.

French Excel saves "CSV (séparateur : point-virgule)" in Windows-1252 and "CSV UTF-8" with a
byte-order mark; LibreOffice and scripts write UTF-8 without one; "Unicode text" is UTF-16.
Decoding one as another shows mojibake (``HÃ©lÃ¨ne``, ``H?l?ne``) in names HR then invites,
so the bytes are decoded in this order:

1. a byte-order mark says the encoding (UTF-8, UTF-16);
2. bytes that are valid UTF-8 are UTF-8 (text in a legacy 8-bit encoding with letters beyond
   ASCII is almost never valid UTF-8);
3. otherwise ``charset-normalizer`` chooses among the Western European 8-bit encodings
   spreadsheets write (Windows-1252, ISO-8859-15, Mac OS Roman): unrestricted, it reads a short
   French file as Big5 or Windows-1250;
4. what is still not text (an Excel workbook, a picture: NUL or control characters) is refused.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import csv
import io
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from app.errors import InvalidInput
from app.i18n import N_

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip
_LEGACY = ["cp1252", "iso8859_15", "mac_roman"]
# Characters no spreadsheet writes in a CSV: C0 controls but tab and line ends, DEL, C1.
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (BOM)",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
    "iso8859_15": "ISO-8859-15",
    "mac_roman": "Mac OS Roman",
}


@dataclass(frozen=True)
class DecodedCsv:
    text: str
    encoding: str  # a key of LABELS

    @property
    def label(self) -> str:
        return LABELS[self.encoding]


def _guess(raw: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding).lstrip("\ufeff"), encoding
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" not in raw:
        best = from_bytes(raw, cp_isolation=_LEGACY).best()
        if best is not None and best.encoding in LABELS:
            return str(best), best.encoding
    raise InvalidInput(_NOT_CSV)


_NOT_CSV = N_(
    "this file is not a CSV text file (an Excel workbook?): save it as CSV (UTF-8 or "
    "semicolon-separated) and try again"
)


def decode_csv(raw: bytes) -> DecodedCsv:
    """The file's text and its encoding; InvalidInput when it is not text."""
    try:
        text, encoding = _guess(raw)
    except UnicodeDecodeError as exc:  # a UTF-16 byte-order mark on bytes that are not
        raise InvalidInput(_NOT_CSV) from exc
    if _NOT_TEXT.search(text):
        raise InvalidInput(_NOT_CSV)
    return DecodedCsv(text, encoding)


def request_text(text: str | None, raw_base64: str | None) -> tuple[str, str | None]:
    """The file of an import request: its text as sent (encoding None), or its base64 bytes
    decoded in the encoding detected."""
    if text is not None:
        return text, None
    try:
        raw = base64.b64decode(raw_base64 or "", validate=True)
    except binascii.Error as exc:
        raise InvalidInput(N_("csv_base64 is not valid base64")) from exc
    decoded = decode_csv(raw)
    return decoded.text, decoded.encoding


def table_reader(text: str) -> csv.DictReader[str]:
    """Rows by column name; the delimiter (comma, semicolon or tab) is the one the header line
    uses most (the comma on a tie)."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    return csv.DictReader(io.StringIO(text), delimiter=delimiter)
