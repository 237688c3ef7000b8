"""Read one-row-per-trial CSV/TSV files (gzip too) into :class:`~scoring.trials.TrialArrays`.

Reading uses ``pyarrow.csv`` (multi-threaded, imported lazily so ``import scoring`` stays
numpy-only). Line numbers in errors count the header as line 1 and assume no quoted field spans
several lines.

Critical rows are chosen either from a pairing column (``A``/``B``) and a stage column
(``practice``/``test``), where a row with both empty is non-critical, or from four block labels
(the implicitMeasures ``clean_iat`` convention), where a row with another label is non-critical.
Non-critical rows are skipped and counted; a missing or invalid value in a critical row raises
:class:`~scoring.errors.CsvInputError` naming its line.
"""

from __future__ import annotations

import csv
import gzip
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from scoring.errors import CsvInputError, NoCriticalTrialsError
from scoring.trials import TrialArrays


@dataclass(frozen=True)
class CsvColumns:
    """Column names; defaults are those of the public datasets."""

    participant: str = "subject"
    latency: str = "latency_ms"
    correct: str = "correct"
    block: str = "block"
    pairing: str = "pairing"
    stage: str = "stage"
    first_latency: str | None = None


@dataclass(frozen=True)
class BlockMap:
    """Block labels of the four critical blocks (implicitMeasures ``mapA_practice`` ...)."""

    a_practice: str
    a_test: str
    b_practice: str
    b_test: str


@dataclass(frozen=True, eq=False)
class CsvTrials:
    """Trials read from a file, with the row counts to report.

    ``source_format`` names the reader (``long`` or an export format of
    :mod:`scoring.importers`); ``first_response_only`` is True when the source records only the
    latency of the first key press, so the built-in error penalty (D1, D2) is not in the data.
    """

    trials: TrialArrays
    n_rows: int
    n_noncritical: int
    source_format: str = "long"
    first_response_only: bool = False


def read_trials_csv(
    path: str | Path, columns: CsvColumns = CsvColumns(), block_map: BlockMap | None = None
) -> CsvTrials:
    """Read a trial file; see the module docstring for the rules.

    Raises
    ------
    CsvInputError
        Missing file or column, unknown mapping label, missing or non-numeric value, invalid
        pairing/stage/correct value (with the line at fault).
    NoCriticalTrialsError
        No row belongs to a critical block.
    """
    path = Path(path)
    header, delimiter = _sniff(path)
    wanted = _wanted_columns(columns, block_map)
    _check_columns(header, wanted)
    table = _read(path, delimiter, wanted, columns)
    critical, is_a, is_test = _critical_rows(table, columns, block_map)
    if not critical.any():
        raise NoCriticalTrialsError(f"{path.name}: no row belongs to a critical block")
    return CsvTrials(
        _trials(table, columns, critical, is_a, is_test), len(critical), int((~critical).sum())
    )


def _sniff(path: Path) -> tuple[list[str], str]:
    if not path.is_file():
        raise CsvInputError(f"file not found: {path}")
    opener: Any = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    return next(csv.reader([first], delimiter=delimiter), []), delimiter


def _wanted_columns(columns: CsvColumns, block_map: BlockMap | None) -> list[str]:
    wanted = [columns.participant, columns.latency, columns.correct]
    wanted += [columns.block] if block_map else [columns.pairing, columns.stage]
    wanted += [columns.first_latency] if columns.first_latency else []
    return list(dict.fromkeys(wanted))


def _check_columns(header: list[str], wanted: list[str]) -> None:
    missing = [name for name in wanted if name not in header]
    if missing:
        raise CsvInputError(
            f"column {missing[0]!r} not found; the file has: {', '.join(header) or '(nothing)'}"
        )


def _read(path: Path, delimiter: str, wanted: list[str], columns: CsvColumns) -> Any:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    numeric = {columns.latency, columns.correct, columns.first_latency} - {None}
    # text columns arrive dictionary-encoded: no string per row is ever materialised
    text = pa.dictionary(pa.int32(), pa.string())
    types = {name: (pa.float64() if name in numeric else text) for name in wanted}
    convert = pacsv.ConvertOptions(
        include_columns=wanted, column_types=types, strings_can_be_null=True
    )
    parse = pacsv.ParseOptions(delimiter=delimiter)
    try:
        return pacsv.read_csv(
            path, parse_options=parse, convert_options=convert
        ).unify_dictionaries()
    except pa.ArrowInvalid as error:
        raise _locate_bad_number(path, parse, wanted, numeric, error) from None


def _locate_bad_number(
    path: Path, parse: Any, wanted: list[str], numeric: set[Any], error: Exception
) -> CsvInputError:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    types = {name: pa.string() for name in wanted}
    convert = pacsv.ConvertOptions(
        include_columns=wanted, column_types=types, strings_can_be_null=True
    )
    try:
        table = pacsv.read_csv(path, parse_options=parse, convert_options=convert)
    except pa.ArrowInvalid:
        return CsvInputError(f"cannot parse {path.name}: {error}")
    for name in sorted(numeric):
        for index, value in enumerate(table.column(name).to_pylist()):
            if value is not None and not _is_number(value):
                return CsvInputError(f"column {name!r} is not numeric: {value!r}", index + 2)
    return CsvInputError(f"cannot parse {path.name}: {error}")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class _Coded:
    """A text column as dictionary codes (null and empty share the last code ``""``)."""

    def __init__(self, table: Any, name: str) -> None:
        encoded = table.column(name).combine_chunks()
        self.name = name
        self.values = [str(v) for v in encoded.dictionary.to_pylist()] + [""]
        nulls_last = encoded.indices.fill_null(len(self.values) - 1)
        self.codes = nulls_last.to_numpy(zero_copy_only=False)

    def isin(self, allowed: list[str]) -> NDArray[np.bool_]:
        """Per row: whether the value is one of ``allowed``."""
        lookup = np.array([v in allowed for v in self.values], dtype=bool)
        return np.asarray(lookup[self.codes], dtype=np.bool_)

    def first_row(self, rows: NDArray[np.bool_]) -> int:
        """Index of the first True row."""
        return int(np.flatnonzero(rows)[0])


def _critical_rows(
    table: Any, columns: CsvColumns, block_map: BlockMap | None
) -> tuple[NDArray[np.bool_], NDArray[np.bool_], NDArray[np.bool_]]:
    if block_map is not None:
        return _rows_from_blocks(_Coded(table, columns.block), block_map)
    pairing, stage = _Coded(table, columns.pairing), _Coded(table, columns.stage)
    critical = ~(pairing.isin([""]) & stage.isin([""]))
    _check_values(pairing, critical, ["A", "B"])
    _check_values(stage, critical, ["practice", "test"])
    return critical, pairing.isin(["A"]), stage.isin(["test"])


def _rows_from_blocks(
    block: _Coded, block_map: BlockMap
) -> tuple[NDArray[np.bool_], NDArray[np.bool_], NDArray[np.bool_]]:
    labels = [block_map.a_practice, block_map.a_test, block_map.b_practice, block_map.b_test]
    for label in labels:
        if label not in block.values:
            known = ", ".join(sorted(v for v in block.values if v))
            raise CsvInputError(
                f"mapping label {label!r} not found in column {block.name!r} ({known})"
            )
    if len(set(labels)) < 4:
        raise CsvInputError("the four mapping labels must differ")
    return block.isin(labels), block.isin(labels[:2]), block.isin([labels[1], labels[3]])


def _check_values(column: _Coded, critical: NDArray[np.bool_], allowed: list[str]) -> None:
    bad = critical & ~column.isin(allowed)
    if bad.any():
        row = column.first_row(bad)
        shown = column.values[column.codes[row]] or "(empty)"
        raise CsvInputError(
            f"column {column.name!r} must be {' or '.join(allowed)}, not {shown!r}", row + 2
        )


def _numbers(table: Any, name: str, critical: NDArray[np.bool_]) -> NDArray[np.float64]:
    values = np.asarray(table.column(name).to_numpy(zero_copy_only=False), dtype=np.float64)
    missing = critical & np.isnan(values)
    if missing.any():
        raise CsvInputError(
            f"missing value in column {name!r}", int(np.flatnonzero(missing)[0]) + 2
        )
    return _rows(values, critical)


def _rows(values: NDArray[Any], critical: NDArray[np.bool_]) -> NDArray[Any]:
    """The critical rows (no copy when every row is critical, the common case)."""
    return values if critical.all() else values[critical]


def _trials(
    table: Any,
    columns: CsvColumns,
    critical: NDArray[np.bool_],
    is_a: NDArray[np.bool_],
    is_test: NDArray[np.bool_],
) -> TrialArrays:
    codes, labels = _participants(table, columns.participant, critical)
    correct = _numbers(table, columns.correct, critical)
    error = correct == 0.0
    if not (error | (correct == 1.0)).all():
        row = int(np.flatnonzero(critical)[np.flatnonzero(~np.isin(correct, (0.0, 1.0)))[0]])
        raise CsvInputError(f"column {columns.correct!r} must be 1 (correct) or 0", row + 2)
    latency = _numbers(table, columns.latency, critical)
    first = _numbers(table, columns.first_latency, critical) if columns.first_latency else latency
    return TrialArrays(
        participant=_rows(codes, critical),
        labels=labels,
        is_a=_rows(is_a, critical),
        is_test=_rows(is_test, critical),
        latency_ms=latency,
        error=error,
        first_latency_ms=first,
    )


def _participants(
    table: Any, name: str, critical: NDArray[np.bool_]
) -> tuple[NDArray[np.intp], NDArray[np.str_]]:
    column = table.column(name)
    missing = critical & np.asarray(column.is_null().to_numpy(zero_copy_only=False))
    if missing.any():
        raise CsvInputError(
            f"missing value in column {name!r}", int(np.flatnonzero(missing)[0]) + 2
        )
    coded = _Coded(table, name)
    return coded.codes.astype(np.intp), np.asarray(coded.values[:-1], dtype=str)
