"""The trial-level long format (one row per trial) and its codebook, declared once.

Columns follow ``shared/data/iat-public/README.md`` (``subject, block, block_index, pairing, stage,
critical, trial, stimulus, latency_ms, correct``) so ``iat score`` and the R packages read the
file as it is, then our other trial fields. ``latency_ms`` is the latency to the *correct*
response (it includes the correction time after an error, the built-in penalty);
``first_latency_ms`` is the latency to the first key. ``subject`` is the campaign's export
pseudonym, never the participant code or an identity. Used by the research API and HR exports.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import Literal, get_args, get_origin

from app.db.models import Trial
from app.domain import BlockRole
from app.exports.csv_cells import neutralise
from app.exports.research_schemas import CodebookColumn, TrialRecord
from app.sessions.schemas import STORED_TRIAL_FIELDS, TrialUpload


def _column(
    name: str, kind: Literal["string", "integer", "number"], description: str, *values: str
) -> CodebookColumn:
    """A codebook column; ``values``: its closed set of values, if any."""
    return CodebookColumn(
        name=name, type=kind, values=list(values) or None, description=description
    )


_INTERCHANGE: tuple[CodebookColumn, ...] = (
    _column(
        "subject",
        "string",
        "Export pseudonym of the participant "
        "(random, per campaign; never the participant code or a name).",
    ),
    _column("block", "string", "Block label: 'B<block_index>_<role>', e.g. 'B4_combined'."),
    _column(
        "block_index",
        "integer",
        "Position of the block in the session's plan, from 1 (1-7 in the standard "
        "seven-block plan).",
    ),
    _column(
        "pairing",
        "string",
        "Combined mapping in force: A = hypothesis pairing (target A with the "
        "positive attribute, e.g. Customer + Pleasant), B = the reverse; empty in "
        "single-category blocks. D > 0 means faster in A.",
        *("A", "B", ""),
    ),
    _column(
        "stage",
        "string",
        "practice (B3/B6 in the standard plan) or test (B4/B7); empty outside the "
        "four combined blocks.",
        *("practice", "test", ""),
    ),
    _column(
        "critical",
        "integer",
        "1 for the four combined blocks that enter the D score, else 0.",
        *("0", "1"),
    ),
    _column("trial", "integer", "Trial number within subject x block, from 1."),
    _column("stimulus", "string", "Stimulus id in the study."),
    _column(
        "latency_ms",
        "number",
        "Latency to the correct response in ms "
        "(unrounded; includes the correction time after an error).",
    ),
    _column("correct", "integer", "1 = the first response was correct, 0 = error.", *("0", "1")),
)

# Stored trial fields exported above under the interchange names; the others follow as
# declared (app.sessions.schemas), so a new trial field reaches the export and codebook.
_INTERCHANGE_SOURCES = frozenset(
    {"block_index", "pairing", "stage", "trial_index", "stimulus_id", "latency_ms", "error"}
)
EXTRA_FIELDS: tuple[str, ...] = tuple(
    name for name in STORED_TRIAL_FIELDS if name not in _INTERCHANGE_SOURCES
)
_BLOCK_COLUMNS = {
    "block_role": CodebookColumn(
        name="block_role",
        type="string",
        values=[role.value for role in BlockRole],
        description="What the block shows.",
    ),
}


def _values(annotation: object, extra: object) -> list[str] | None:
    """The closed set of values of a text field: its Literal, its enum, or its schema's enum."""
    if get_origin(annotation) is Literal:
        return [str(value) for value in get_args(annotation)]
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return [member.value for member in annotation]
    enum = extra.get("enum") if isinstance(extra, dict) else None
    return [str(value) for value in enum] if isinstance(enum, list) else None


def _declared_column(name: str) -> CodebookColumn:
    """The codebook entry of a trial field, from its declaration in TrialUpload."""
    if name in _BLOCK_COLUMNS:
        return _BLOCK_COLUMNS[name]
    field = TrialUpload.model_fields[name]
    description = field.description or name
    if field.annotation is bool:  # "The page lost focus." -> "1 if the page lost focus, else 0."
        text = f"1 if {description[0].lower()}{description[1:].rstrip('.')}, else 0."
        return CodebookColumn(name=name, type="integer", values=["0", "1"], description=text)
    if field.annotation in (int, float):
        kind: Literal["integer", "number"] = "integer" if field.annotation is int else "number"
        return CodebookColumn(name=name, type=kind, description=description)
    values = _values(field.annotation, field.json_schema_extra)
    return CodebookColumn(name=name, type="string", values=values, description=description)


CODEBOOK: tuple[CodebookColumn, ...] = _INTERCHANGE + tuple(map(_declared_column, EXTRA_FIELDS))
COLUMNS: tuple[str, ...] = tuple(column.name for column in CODEBOOK)


def trial_record(trial: Trial, subject: str) -> TrialRecord:
    """One stored trial in the export shape."""
    return TrialRecord(
        subject=subject,
        block=f"B{trial.block_index}_{trial.block_role}",
        block_index=trial.block_index,
        pairing=trial.pairing or "",
        stage=trial.stage or "",
        critical=int(trial.pairing is not None and trial.stage is not None),
        trial=trial.trial_index,
        stimulus=trial.stimulus_id,
        latency_ms=trial.latency_ms,
        correct=int(not trial.error),
        **{name: _exported(getattr(trial, name)) for name in EXTRA_FIELDS},
    )


def _exported(value: object) -> object:
    """Flags are exported as 0/1 (the codebook says so)."""
    return int(value) if isinstance(value, bool) else value


def _cell(value: object) -> object:
    """Floats keep every digit; text a spreadsheet would run as a formula is neutralised."""
    return repr(value) if isinstance(value, float) else neutralise(value)


def csv_lines(records: Iterable[TrialRecord], header: bool = True) -> Iterator[str]:
    """CSV text, the header first unless ``header`` is False, one line per record. Floats keep
    every digit (``repr``); empty cells are empty strings; text cells starting with
    ``= + - @``, tab or CR get a leading apostrophe (``app.exports.csv_cells``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180; a CR in text gets quoted
    head: list[Iterable[object]] = [COLUMNS] if header else []
    body = (map(_cell, record.model_dump().values()) for record in records)
    for row in itertools.chain(head, body):
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def ndjson_lines(records: Iterable[TrialRecord]) -> Iterator[str]:
    """One JSON object per line."""
    for record in records:
        yield json.dumps(record.model_dump(), ensure_ascii=False) + "\n"
