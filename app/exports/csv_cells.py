"""Spreadsheet-safe text cells for every CSV the platform writes (OWASP "CSV injection").

A spreadsheet runs a cell as a formula when its text starts with ``=``, ``+``, ``-`` or ``@``
(tab and carriage return too, in some of them). Such text cells get a leading apostrophe,
which spreadsheets show as "this is text" and which a reader of the file can strip. Numbers
(``int``, ``float``, negative ones included) are never text cells and stay numbers; a string
such as ``"-0.5"`` in a text column is text and is neutralised like any other.
"""

from __future__ import annotations

from typing import TypeVar

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def neutralise(value: T) -> T | str:
    """``value`` with a leading apostrophe when it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
