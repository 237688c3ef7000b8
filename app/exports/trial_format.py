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

from app.db.models import Trial
from app.exports.csv_cells import neutralise
from app.exports.research_schemas import CodebookColumn, TrialRecord

CODEBOOK: tuple[CodebookColumn, ...] = (
    CodebookColumn(
        name="subject",
        type="string",
        description="Export pseudonym of the participant "
        "(random, per campaign; never the participant code or a name).",
    ),
    CodebookColumn(
        name="block",
        type="string",
        description="Block label: 'B<block_index>_<role>', e.g. 'B4_combined'.",
    ),
    CodebookColumn(name="block_index", type="integer", description="Position of the block, 1-7."),
    CodebookColumn(
        name="pairing",
        type="string",
        values=["A", "B", ""],
        description="Combined mapping in force: A = hypothesis pairing (target A with the "
        "positive attribute, e.g. Customer + Pleasant), B = the reverse; empty in "
        "single-category blocks. D > 0 means faster in A.",
    ),
    CodebookColumn(
        name="stage",
        type="string",
        values=["practice", "test", ""],
        description="practice (B3/B6 in the standard plan) or test (B4/B7); empty outside the "
        "four combined blocks.",
    ),
    CodebookColumn(
        name="critical",
        type="integer",
        values=["0", "1"],
        description="1 for the four combined blocks that enter the D score, else 0.",
    ),
    CodebookColumn(
        name="trial", type="integer", description="Trial number within subject x block, from 1."
    ),
    CodebookColumn(name="stimulus", type="string", description="Stimulus id in the study."),
    CodebookColumn(
        name="latency_ms",
        type="number",
        description="Latency to the correct response in ms "
        "(unrounded; includes the correction time after an error).",
    ),
    CodebookColumn(
        name="correct",
        type="integer",
        values=["0", "1"],
        description="1 = the first response was correct, 0 = error.",
    ),
    CodebookColumn(
        name="first_latency_ms",
        type="number",
        description="Latency to the first response in ms (equals latency_ms when correct).",
    ),
    CodebookColumn(
        name="first_key", type="string", description="The first key (or touch zone) pressed."
    ),
    CodebookColumn(
        name="block_role",
        type="string",
        values=["targets", "attributes", "combined", "targets_reversed"],
        description="What the block shows.",
    ),
    CodebookColumn(
        name="category",
        type="string",
        values=["target_a", "target_b", "attribute_pos", "attribute_neg"],
        description="Category of the stimulus.",
    ),
    CodebookColumn(
        name="correct_side",
        type="string",
        values=["left", "right"],
        description="Side of the correct response.",
    ),
    CodebookColumn(
        name="onset_method",
        type="string",
        values=["paint", "rafNow", "simulated"],
        description="How the stimulus onset was timed (Element Timing paint time, or "
        "performance.now() in the first animation frame; simulated in demo data).",
    ),
    CodebookColumn(
        name="input_modality",
        type="string",
        values=["keyboard", "touch"],
        description="Keyboard or on-screen touch zones.",
    ),
    CodebookColumn(
        name="focus_lost",
        type="integer",
        values=["0", "1"],
        description="1 if the page lost focus during the trial.",
    ),
)

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
        first_latency_ms=trial.first_latency_ms,
        first_key=trial.first_key,
        block_role=trial.block_role,
        category=trial.category,
        correct_side=trial.correct_side,
        onset_method=trial.onset_method,
        input_modality=trial.input_modality,
        focus_lost=int(trial.focus_lost),
    )


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
