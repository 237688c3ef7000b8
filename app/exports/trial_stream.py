"""Trial rows at the database's speed: the export shape (``trial_format.COLUMNS``) built in SQL.

The same bytes as ``trial_format.csv_lines`` / ``ndjson_lines`` over ``trial_record``, without
a Python object per row:

* PostgreSQL: ``COPY (SELECT ...) TO STDOUT`` through psycopg. The CSV cells are made in the
  SELECT: formula neutralisation (``csv_cells``), floats as Python's ``repr`` (shortest exact
  digits, ``.0`` on whole numbers), empty text as NULL (COPY quotes an empty string); only the
  line end changes (COPY ends a row with LF, our CSV with CRLF). An NDJSON line is one text
  value (``to_json`` escapes text like ``json.dumps``), copied with a quote and delimiter that
  JSON text never holds raw, so COPY never quotes it.
* SQLite: batches of plain tuples (``fetchmany``) through the csv writer / ``json.dumps``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Boolean, Float, Integer, Select, String, case, cast, func, literal
from sqlalchemy.orm import Session

from app.db.models import Participant, Trial
from app.exports.csv_cells import FORMULA_STARTS
from app.exports.trial_format import COLUMNS, EXTRA_FIELDS

BATCH = 5000  # rows per chunk sent
Expr = Any  # a SQL expression (column, mapped attribute or ColumnElement)


def _kinds() -> list[tuple[str, Expr, str]]:
    """(name, expression, kind) of every column in file order; kind: text, int, float."""
    trial_kinds = {Boolean: "flag", Float: "float", Integer: "int", String: "text"}
    extras = []
    for name in EXTRA_FIELDS:
        column = getattr(Trial, name)
        kind = next(k for t, k in trial_kinds.items() if isinstance(column.type, t))
        expr = case((column, 1), else_=0) if kind == "flag" else column
        extras.append((name, expr, "int" if kind == "flag" else kind))
    block = literal("B") + cast(Trial.block_index, String) + literal("_") + Trial.block_role
    critical = case((Trial.pairing.is_not(None) & Trial.stage.is_not(None), 1), else_=0)
    interchange: list[tuple[str, Expr, str]] = [
        ("subject", Participant.export_pseudonym, "text"),
        ("block", block, "text"),
        ("block_index", Trial.block_index, "int"),
        ("pairing", func.coalesce(Trial.pairing, ""), "text"),
        ("stage", func.coalesce(Trial.stage, ""), "text"),
        ("critical", critical, "int"),
        ("trial", Trial.trial_index, "int"),
        ("stimulus", Trial.stimulus_id, "text"),
        ("latency_ms", Trial.latency_ms, "float"),
        ("correct", case((Trial.error, 0), else_=1), "int"),
    ]
    columns = interchange + extras
    assert tuple(name for name, _, _ in columns) == COLUMNS, "trial_format.COLUMNS changed"
    return columns


def _neutralised(value: Expr) -> Expr:
    """``csv_cells.neutralise`` in SQL: an apostrophe before text a spreadsheet would run."""
    return case((func.substr(value, 1, 1).in_(FORMULA_STARTS), literal("'") + value), else_=value)


def _float_text(value: Expr) -> Expr:
    """Python's ``repr`` of a stored latency (0 < x < 600 000): PostgreSQL's shortest exact
    digits (``extra_float_digits = 1``), with ``.0`` on whole numbers as ``repr`` writes them."""
    whole = cast(cast(value, Integer), String) + literal(".0")
    return case((value == func.trunc(value), whole), else_=cast(value, String))


# Text columns whose values the trials table's CHECK constraints close (an enum, A/B,
# practice/test, "B<n>_<role>"): none starts like a formula or is empty, so they skip the
# neutralisation (less work for the database); empty pairing/stage become NULL all the same.
CLOSED_TEXT = frozenset({"block", "block_role", "correct_side", "onset_method", "input_modality"})


def csv_cells(postgres: bool) -> list[Expr]:
    """The CSV cells of a trial row: SQL text for COPY on PostgreSQL, values elsewhere."""
    cells = []
    for name, expr, kind in _kinds():
        if kind == "text" and name not in CLOSED_TEXT:
            expr = _neutralised(expr) if name not in ("pairing", "stage") else expr
            expr = func.nullif(expr, "") if postgres else expr
        elif kind == "float" and postgres:
            expr = _float_text(expr)
        cells.append(expr)
    return cells


def json_line(postgres: bool) -> list[Expr]:
    """The NDJSON object of a trial row as one text value (PostgreSQL), else the raw values."""
    if not postgres:
        return [expr for _, expr, _ in _kinds()]
    parts: list[Expr] = []
    for name, expr, kind in _kinds():
        text = {"text": func.to_json(expr), "float": _float_text(expr)}.get(kind, expr)
        prefix = "{" if not parts else ", "
        parts.append(literal(f'{prefix}"{name}": ') + cast(text, String))
    line = parts[0]
    for part in parts[1:]:
        line = line + part
    return [line + literal("}")]


def _compiled(db: Session, query: Select[Any]) -> str:
    dialect = db.get_bind().dialect
    return str(query.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def is_postgres(db: Session) -> bool:
    return db.get_bind().dialect.name == "postgresql"


def header() -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(COLUMNS)
    return buffer.getvalue().encode()


def copy_chunks(db: Session, query: Select[Any], csv_lines: bool) -> Iterator[bytes]:
    """PostgreSQL: the rows of ``query`` (one text-able cell per column) through COPY, as CSV
    with CRLF line ends (``csv_lines``) or as one JSON text per line."""
    options = "FORMAT csv" if csv_lines else "FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01'"
    statement = f"COPY ({_compiled(db, query)}) TO STDOUT ({options})"
    raw = db.connection().connection.driver_connection
    with raw.cursor() as cursor:  # type: ignore[union-attr]
        cursor.execute("SET LOCAL extra_float_digits = 1")
        with cursor.copy(statement) as copy:
            rows: list[memoryview] = []
            for row in copy:  # one row each, ending in LF
                rows.append(row[:-1] if csv_lines else row)
                if len(rows) == BATCH:
                    yield _joined(rows, csv_lines)
                    rows = []
            if rows:
                yield _joined(rows, csv_lines)


def binary_copy(db: Session, query: Select[Any]) -> bytearray:
    """PostgreSQL: the rows of ``query`` as one ``COPY ... (FORMAT binary)`` answer."""
    statement = f"COPY ({_compiled(db, query)}) TO STDOUT (FORMAT binary)"
    raw = db.connection().connection.driver_connection
    data = bytearray()
    with raw.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
        for row in copy:  # appended as they come: never a list of every row
            data += row
    return data


def _joined(rows: list[memoryview], csv_lines: bool) -> bytes:
    return b"\r\n".join(rows) + b"\r\n" if csv_lines else b"".join(rows)


def tuple_batches(db: Session, query: Select[Any]) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of ``query`` as plain tuples, ``BATCH`` at a time (a DB-API cursor)."""
    raw = db.connection().connection.driver_connection
    cursor = raw.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(_compiled(db, query))
        while batch := cursor.fetchmany(BATCH):
            yield batch
    finally:
        cursor.close()


def csv_chunks(batches: Iterator[list[tuple[Any, ...]]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for batch in batches:
        writer.writerows(batch)
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()


def ndjson_chunks(batches: Iterator[list[tuple[Any, ...]]]) -> Iterator[bytes]:
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    for batch in batches:
        text = "".join([dumps(dict(zip(COLUMNS, row, strict=True))) + "\n" for row in batch])
        yield text.encode()


QueryOf = Callable[[list[Expr]], Select[Any]]


def stream(db: Session, query_of: QueryOf, file_format: str) -> Iterator[bytes]:
    """The file (``csv`` with its header, or ``ndjson``) of the trials ``query_of(cells)``
    selects, in chunks of ``BATCH`` rows."""
    postgres = is_postgres(db)
    if file_format == "csv":
        yield header()
        query = query_of(csv_cells(postgres))
        if postgres:
            yield from copy_chunks(db, query, True)
        else:
            yield from csv_chunks(tuple_batches(db, query))
        return
    query = query_of(json_line(postgres))
    if postgres:
        yield from copy_chunks(db, query, False)
    else:
        yield from ndjson_chunks(tuple_batches(db, query))
