"""The trial-level long format: public-dataset columns first, readable by ``iat score``'s reader."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from app.db.models import Trial
from app.exports.trial_format import (
    CODEBOOK,
    COLUMNS,
    csv_lines,
    ndjson_lines,
    trial_record,
)
from scoring.csv_input import CsvColumns, read_trials_csv

PUBLIC_COLUMNS = [
    "subject", "block", "block_index", "pairing", "stage", "critical", "trial", "stimulus",
    "latency_ms", "correct",
]  # fmt: skip


def _trial(block: int, pairing: str | None, stage: str | None, index: int, error: bool) -> Trial:
    return Trial(
        block_index=block, block_role="combined" if pairing else "targets", pairing=pairing,
        stage=stage, trial_index=index, stimulus_id=f"s{index}", category="target_a",
        correct_side="left", first_key="e", first_latency_ms=500.25,
        error=error, latency_ms=900.125 if error else 500.25, onset_method="paint",
        input_modality="keyboard", focus_lost=False,
    )  # fmt: skip


def test_columns_start_with_the_public_format_and_every_column_is_described() -> None:
    assert list(COLUMNS[: len(PUBLIC_COLUMNS)]) == PUBLIC_COLUMNS
    assert {"first_latency_ms", "first_key"} <= set(COLUMNS)
    assert all(column.description for column in CODEBOOK)


def test_a_trial_becomes_one_row_with_empty_stage_outside_combined_blocks() -> None:
    row = trial_record(_trial(1, None, None, 1, error=True), "PX")
    assert (row.subject, row.block, row.pairing, row.stage, row.critical) == (
        "PX", "B1_targets", "", "", 0,
    )  # fmt: skip
    assert (row.correct, row.latency_ms, row.first_latency_ms) == (0, 900.125, 500.25)
    combined = trial_record(_trial(4, "A", "test", 2, error=False), "PX")
    assert (combined.block, combined.pairing, combined.stage, combined.critical) == (
        "B4_combined", "A", "test", 1,
    )  # fmt: skip


def test_csv_and_ndjson_round_trip(tmp_path: Path) -> None:
    trials = [
        _trial(block, pairing, stage, i, error=(i == 1))
        for block, pairing, stage in ((1, None, None), (3, "A", "practice"), (4, "A", "test"),
                                      (6, "B", "practice"), (7, "B", "test"))
        for i in (1, 2, 3)
    ]  # fmt: skip
    records = [trial_record(t, "PX") for t in trials]
    text = "".join(csv_lines(records))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(COLUMNS) and len(rows) == 15
    assert rows[3]["latency_ms"] == "900.125" and rows[3]["correct"] == "0"
    path = tmp_path / "trials.csv"
    path.write_text(text, encoding="utf-8")
    read = read_trials_csv(path, CsvColumns(first_latency="first_latency_ms"))
    assert (read.n_rows, read.n_noncritical) == (15, 3)
    assert list(read.trials.labels) == ["PX"]
    lines = [json.loads(line) for line in ndjson_lines(records)]
    assert list(lines[0]) == list(COLUMNS) and lines[0]["stage"] == ""
