"""The critical trials that ``/scores`` rescores, read columnar: numpy arrays from one query.

On PostgreSQL the rows come as ``COPY (SELECT ...) TO STDOUT (FORMAT binary)``: every column is
fixed-width and never null (session id, two flags, latency, error, first latency), so every row
has the same size and the whole answer is one numpy structured array (no tuple or Python
number per row). Elsewhere (SQLite) the DB-API cursor's batches are turned into arrays.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sqlalchemy import BigInteger, Float, cast
from sqlalchemy.orm import Session

from app.db.models import Trial
from app.exports import research_repository as research_repo
from app.exports import trial_stream

# (name, SQL expression, big-endian binary type, numpy type of the column)
_COLUMNS: tuple[tuple[str, Any, str, str], ...] = (
    ("session", cast(Trial.session_id, BigInteger), ">i8", "i8"),
    ("is_a", Trial.pairing == "A", "?", "?"),
    ("is_test", Trial.stage == "test", "?", "?"),
    ("latency_ms", cast(Trial.latency_ms, Float(53)), ">f8", "f8"),
    ("error", Trial.error, "?", "?"),
    ("first_latency_ms", cast(Trial.first_latency_ms, Float(53)), ">f8", "f8"),
)
# A binary COPY row: its field count, then each field's length and bytes.
_ROW = np.dtype(
    [("n", ">i2")]
    + [part for name, _, wire, _ in _COLUMNS for part in ((f"{name}_len", ">i4"), (name, wire))]
)
_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"
_HEADER = len(_SIGNATURE) + 8  # flags, header extension length (0)


def critical_columns(db: Session, campaign_id: int) -> dict[str, np.ndarray]:
    """``session``, ``is_a``, ``is_test``, ``latency_ms``, ``error``, ``first_latency_ms`` of
    the critical trials of the sessions that count, by session then presentation order."""
    query = research_repo.scoring_query(campaign_id, *(expr for _, expr, _, _ in _COLUMNS))
    if trial_stream.is_postgres(db):
        return _from_binary_copy(trial_stream.binary_copy(db, query))
    batches = list(trial_stream.tuple_batches(db, query))
    columns = list(zip(*(row for batch in batches for row in batch), strict=True))
    if not columns:
        columns = [()] * len(_COLUMNS)
    return {
        name: np.asarray(values, dtype=native)
        for (name, _, _, native), values in zip(_COLUMNS, columns, strict=True)
    }


def _from_binary_copy(data: bytearray) -> dict[str, np.ndarray]:
    if data[: len(_SIGNATURE)] != _SIGNATURE or data[_HEADER - 4 : _HEADER] != bytes(4):
        raise RuntimeError("unexpected COPY binary header")
    body = np.frombuffer(data, dtype=np.uint8)[_HEADER:-2]  # without the trailer (-1)
    rows = body.view(_ROW) if body.size else np.zeros(0, dtype=_ROW)
    if rows.size and (np.any(rows["n"] != len(_COLUMNS))):
        raise RuntimeError("unexpected COPY binary row")
    return {name: rows[name].astype(native) for name, _, _, native in _COLUMNS}
