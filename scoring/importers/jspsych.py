"""jsPsych data (``.json()`` or ``.csv()``) of the ``iat-html`` and ``iat-image`` plugins.

What jsPsych writes, read from ``@jspsych/plugin-iat-html`` 2.1.0 and ``plugin-iat-image`` 2.1.0
(jsPsych 8.3.0): one record per trial with ``trial_type`` (``iat-html``/``iat-image``), ``rt``
(ms from the stimulus to the *first* key press), ``correct`` (whether that first key was right;
it stays false after a forced correction) and ``response``, plus whatever the experiment adds
with ``data: {...}`` or ``jsPsych.data.addProperties``. Records of other plugins (instructions)
are skipped and counted.

jsPsych records no participant and no block by itself, so the file must carry them:

* the participant in ``--participant-col`` (default ``subject``);
* either ``pairing`` (``A``/``B``) and ``stage`` (``practice``/``test``) fields on the IAT trials
  (both empty: a non-critical block), or a block label (``--block-col``, default ``block``) and
  the four ``--map-*`` labels.

The latency column defaults to ``rt``. Since the correction time after an error is not
recorded, the file is marked ``first_response_only``: D1/D2 (built-in penalty) are refused and
D3-D6 (error replacement) apply. A JSON file is an array of records (sessions' arrays may be
concatenated into one); errors name the record (1-based). A CSV file is jsPsych's CSV; errors name
the line (the header is line 1).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from scoring.csv_input import BlockMap, CsvColumns, CsvTrials
from scoring.errors import ExportInputError
from scoring.importers.records import ImportedTrial, Place, latency, to_csv_trials

IAT_TRIAL_TYPES = ("iat-html", "iat-image")
Record = tuple[Place, dict[str, Any]]
Classify = Callable[[Place, dict[str, Any]], tuple[bool, bool] | None]
TRUE, FALSE = (True, "true", "1", 1), (False, "false", "0", 0)


def read_jspsych(
    path: str | Path, columns: CsvColumns = CsvColumns(), block_map: BlockMap | None = None
) -> CsvTrials:
    """Critical trials of a jsPsych IAT data file; see the module docstring."""
    path = Path(path)
    records = list(_records(path))
    iat = [(place, record) for place, record in records if _is_iat(record)]
    if not iat:
        raise ExportInputError(
            path.name, "no trial of jsPsych's iat-html or iat-image plugin (field 'trial_type')"
        )
    classify = _by_blocks(iat, columns.block, block_map) if block_map else _by_pairing(iat, columns)
    latency_field = "rt" if columns.latency == CsvColumns().latency else columns.latency
    trials: list[ImportedTrial] = []
    participants: list[str] = []
    for place, record in iat:
        participants.append(_participant(place, record, columns.participant))
        cell = classify(place, record)
        if cell is not None:
            correct = _correct(place, record, columns.correct)
            value = latency(record.get(latency_field), place, latency_field)
            trials.append(ImportedTrial(participants[-1], *cell, value, not correct))
    counts = (len(records), len(records) - len(trials))
    return to_csv_trials(trials, participants, counts, ("jspsych", True))


def _is_iat(record: dict[str, Any]) -> bool:
    return record.get("trial_type") in IAT_TRIAL_TYPES


def _records(path: Path) -> Iterator[Record]:
    if not path.is_file():
        raise ExportInputError(str(path), "file not found")
    if path.suffix.lower() == ".json":
        yield from _json_records(path)
    else:
        yield from _csv_records(path)


def _json_records(path: Path) -> Iterator[Record]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ExportInputError(path.name, f"not jsPsych JSON data: {error}") from None
    if not isinstance(data, list):
        raise ExportInputError(path.name, "jsPsych JSON data is an array of trial records")
    for index, record in enumerate(data, start=1):
        place = Place(path.name, index, "record")
        if not isinstance(record, dict):
            raise place.error(None, "a trial record must be a JSON object")
        yield place, record


def _csv_records(path: Path) -> Iterator[Record]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        start = 2
        try:
            for row in reader:
                yield Place(path.name, start), row
                start = reader.line_num + 1
        except (csv.Error, UnicodeDecodeError) as error:
            raise ExportInputError(path.name, f"not CSV: {error}", start) from None


def _participant(place: Place, record: dict[str, Any], name: str) -> str:
    value = record.get(name)
    if value is None or value == "":
        raise place.error(
            name,
            "no participant id (jsPsych records none by itself: add one with "
            "jsPsych.data.addProperties({subject: ...}) or name its column with "
            "--participant-col)",
        )
    return str(value)


def _correct(place: Place, record: dict[str, Any], name: str) -> bool:
    value = record.get(name)
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise place.error(name, f"must be true or false, not {value!r}")


def _by_pairing(iat: list[Record], columns: CsvColumns) -> Classify:
    if not any(record.get(columns.pairing) not in (None, "") for _, record in iat):
        raise iat[0][0].error(
            columns.pairing,
            "the IAT trials carry no pairing: add data: {pairing: 'A' or 'B', stage: "
            "'practice' or 'test'} to them, or give --block-col and the four --map-* labels",
        )

    def classify(place: Place, record: dict[str, Any]) -> tuple[bool, bool] | None:
        pairing, stage = record.get(columns.pairing) or "", record.get(columns.stage) or ""
        if pairing == "" and stage == "":
            return None
        if pairing not in ("A", "B"):
            raise place.error(columns.pairing, f"must be A or B, not {pairing or '(empty)'!r}")
        if stage not in ("practice", "test"):
            raise place.error(
                columns.stage, f"must be practice or test, not {stage or '(empty)'!r}"
            )
        return pairing == "A", stage == "test"

    return classify


def _by_blocks(iat: list[Record], name: str, block_map: BlockMap) -> Classify:
    labels = [block_map.a_practice, block_map.a_test, block_map.b_practice, block_map.b_test]
    seen = {str(record.get(name)) for _, record in iat if record.get(name) not in (None, "")}
    for label in labels:
        if label not in seen:
            known = ", ".join(sorted(seen)) or "(none)"
            raise ExportInputError(
                iat[0][0].file, f"block label {label!r} not found in field {name!r} ({known})"
            )
    if len(set(labels)) < 4:
        raise ExportInputError(iat[0][0].file, "the four mapping labels must differ")

    def classify(place: Place, record: dict[str, Any]) -> tuple[bool, bool] | None:
        value = str(record.get(name))
        if value not in labels:
            return None
        index = labels.index(value)
        return index < 2, index % 2 == 1

    return classify
