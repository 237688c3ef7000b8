"""Typed errors raised by :mod:`scoring`.

Every error is a :class:`ValueError` subclass, so a caller that only knows
``ValueError`` still catches it, and a service can map each class to a status.
"""

from __future__ import annotations


class ScoringError(ValueError):
    """Base class of every error raised by :mod:`scoring`."""


class InvalidOptionsError(ScoringError):
    """An option value is unknown (e.g. ``variant="D7"``) or a mapping is malformed."""


class InvalidTrialsError(ScoringError):
    """Trial arrays have mismatched lengths, unknown codes or impossible values."""


class NoCriticalTrialsError(InvalidTrialsError):
    """The input holds no trial of the four critical blocks."""


class CsvInputError(ScoringError):
    """A CSV/TSV file cannot be turned into trials.

    Parameters
    ----------
    message : str
        What is wrong, in words.
    line : int or None
        1-based line number of the offending row in the file (the header is line 1),
        when one row is at fault.
    """

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message)


class ExportInputError(CsvInputError):
    """A tool's raw export (jsPsych, iatgen ...) cannot be turned into trials.

    The message names the file, the line (in a JSON array: the record) and the column (field) at
    fault, e.g. ``data.csv, line 12, column 'rt': latency must be a number, not 'abc'``.
    """

    def __init__(
        self,
        file: str,
        message: str,
        line: int | None = None,
        column: str | None = None,
        unit: str = "line",
    ) -> None:
        place = [file]
        if line is not None:
            place.append(f"{unit} {line}")
        if column is not None:
            place.append(f"{'field' if unit == 'record' else 'column'} {column!r}")
        super().__init__(f"{', '.join(place)}: {message}")
        self.file, self.line, self.column = file, line, column


class UnsupportedFormatError(CsvInputError):
    """An export format ``iat score`` names but cannot read (no real export to test it on)."""
