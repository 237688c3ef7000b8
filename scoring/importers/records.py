"""Parsed trials of an export, turned into :class:`~scoring.csv_input.CsvTrials`.

Every reader yields one :class:`ImportedTrial` per critical trial (with where it was read) and
:func:`to_csv_trials` builds the arrays once at the end: readers validate cell by cell, so each
error can name its line, while the arrays stay the ones the long-format reader builds.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from scoring.csv_input import CsvTrials
from scoring.errors import ExportInputError, NoCriticalTrialsError
from scoring.trials import TrialArrays


@dataclass(frozen=True)
class ImportedTrial:
    """One critical trial as read from an export."""

    participant: str
    is_a: bool
    is_test: bool
    latency_ms: float
    error: bool


@dataclass(frozen=True)
class Place:
    """Where a value was read, for error messages."""

    file: str
    line: int
    unit: str = "line"

    def error(self, column: str | None, message: str) -> ExportInputError:
        """An :class:`ExportInputError` at this place."""
        return ExportInputError(self.file, message, self.line, column, self.unit)


def latency(value: object, place: Place, column: str) -> float:
    """A latency in ms: a finite number >= 0 (a JSON number or numeric text).

    jsPsych writes ``null`` (JSON) or the text ``null`` (CSV) when no key was pressed in time.
    """
    if value is None or value in ("", "null"):
        raise place.error(column, "no latency recorded (empty)")
    if isinstance(value, bool):
        raise place.error(column, f"latency must be a number, not {value!r}")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise place.error(column, f"latency must be a number, not {value!r}") from None
    if not math.isfinite(number) or number < 0:
        raise place.error(column, f"latency must be a number >= 0, not {value!r}")
    return number


def to_csv_trials(
    trials: Iterable[ImportedTrial],
    participants: Iterable[str],
    counts: tuple[int, int],
    source: tuple[str, bool],
) -> CsvTrials:
    """Arrays of the critical trials; ``participants`` lists every id seen, in file order.

    ``counts`` is (rows read, non-critical rows skipped); ``source`` is (format name, whether
    latencies are to the first response only). Participants without a critical trial keep a
    label (their D is NaN with the ``missing_block`` flag, as for the long format).
    """
    rows = list(trials)
    labels = list(dict.fromkeys(participants))
    if not rows:
        raise NoCriticalTrialsError(f"no trial of the four critical blocks ({source[0]} export)")
    code = {label: index for index, label in enumerate(labels)}
    arrays = TrialArrays(
        participant=np.array([code[t.participant] for t in rows], dtype=np.intp),
        labels=np.asarray(labels, dtype=str),
        is_a=np.array([t.is_a for t in rows], dtype=bool),
        is_test=np.array([t.is_test for t in rows], dtype=bool),
        latency_ms=np.array([t.latency_ms for t in rows], dtype=np.float64),
        error=np.array([t.error for t in rows], dtype=bool),
    )
    return CsvTrials(arrays, counts[0], counts[1], source[0], source[1])
