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
