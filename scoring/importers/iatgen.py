"""Qualtrics CSV exports of IATs built with iatgen (Carpenter et al., 2019; R package iatgen).

The format, read from iatgen's ``writeIATfull``, ``combineIATfourblocks`` and ``cleanIAT`` and
from the recorded export in its tests (``tests/testthat/iat_small.csv``):

* one row per respondent; line 1 holds the column names, line 2 the question texts, and newer
  Qualtrics exports add a line 3 of ``{"ImportId": ...}`` (skipped);
* the IAT is 4 counterbalanced permutations x 7 blocks, one question each, named ``RP1`` ...
  ``RP7``, ``RN1`` ..., ``LP1`` ..., ``LN1`` ... (Qualtrics may prefix them: ``Q4 RP4``,
  ``Q4.RP4``). A respondent answered one permutation;
* a block cell is ``12C734,3X1021,...,END``: per trial the stimulus number, ``C`` (correct) or
  ``X`` (error), and the latency in ms to the correct response (iatgen forces the correction,
  so the built-in error penalty applies: D1 matches ``cleanIAT``'s default).

Blocks 3/4 and 6/7 are the practice/test blocks of the combined pairings. In ``RP``/``LP`` blocks
3-4 are iatgen's *compatible* pairing and 6-7 the *incompatible* one; ``RN``/``LN`` swap them.
Pairing A is the compatible one, so D has iatgen's sign (positive: slower when incompatible).
The participant is ``--participant-col`` if the header has it, else Qualtrics' ``ResponseId``
(``ResponseID``; line 2 in the legacy export whose line 1 reads ``V1``). A respondent with no
IAT cell keeps a row with no D (iatgen: ``skipped``).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from scoring.csv_input import BlockMap, CsvColumns, CsvTrials
from scoring.errors import ExportInputError
from scoring.importers.records import ImportedTrial, Place, to_csv_trials

BLOCK_NAME = re.compile(r"(?:^|[ ._])([RL][PN])([1-7])$")
TRIAL = re.compile(r"(\d+)([CX])(\d+)")
RESPONSE_IDS = ("ResponseId", "ResponseID")
CRITICAL = {3: (True, False), 4: (True, True), 6: (False, False), 7: (False, True)}
"""Block -> (compatible pairing?, test block?) in a ``P`` permutation (``N`` flips the pairing)."""
Blocks = dict[tuple[str, int], tuple[int, str]]


def read_iatgen(
    path: str | Path, columns: CsvColumns = CsvColumns(), block_map: BlockMap | None = None
) -> CsvTrials:
    """Critical trials of an iatgen Qualtrics export; see the module docstring."""
    path = Path(path)
    if block_map is not None:
        raise ExportInputError(path.name, "--map-* options do not apply: iatgen names its blocks")
    rows = _rows(path)
    header = next(rows, None)
    labels = next(rows, None)
    if header is None or labels is None:
        raise ExportInputError(path.name, "not a Qualtrics export (it needs 2 header lines)")
    blocks = _block_columns(path.name, header[1])
    who = _participant_column(path.name, header[1], labels[1], columns.participant)
    trials: list[ImportedTrial] = []
    participants: list[str] = []
    skipped = 0
    for line, row in rows:
        if line == 3 and row[:1] and row[0].startswith('{"ImportId"'):
            continue
        if not any(cell.strip() for cell in row):
            continue
        place = Place(path.name, line)
        participant = _cell(row, who[1])
        if not participant:
            raise place.error(who[0], "no response id")
        participants.append(participant)
        read, noncritical = _respondent(place, row, blocks, participant)
        trials += read
        skipped += noncritical
    return to_csv_trials(trials, participants, (len(trials) + skipped, skipped), ("iatgen", False))


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    if not path.is_file():
        raise ExportInputError(str(path), "file not found")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        start = 1
        try:
            for row in reader:
                yield start, row
                start = reader.line_num + 1
        except (csv.Error, UnicodeDecodeError) as error:
            raise ExportInputError(path.name, f"not CSV: {error}", start) from None


def _block_columns(file: str, header: list[str]) -> Blocks:
    blocks: Blocks = {}
    for index, name in enumerate(header):
        match = BLOCK_NAME.search(name.strip())
        if match:
            blocks[(match.group(1), int(match.group(2)))] = (index, name)
    if not blocks:
        raise ExportInputError(
            file, "no iatgen block column (RP1 ... LN7) in line 1: not an iatgen export"
        )
    for permutation in sorted({key[0] for key in blocks}):
        missing = [f"{permutation}{b}" for b in CRITICAL if (permutation, b) not in blocks]
        if missing:
            raise ExportInputError(file, f"column {missing[0]!r} not found (iatgen block)", 1)
    return blocks


def _participant_column(
    file: str, header: list[str], labels: list[str], wanted: str
) -> tuple[str, int]:
    for names in (header, labels):
        for name in (wanted, *RESPONSE_IDS):
            if name in names:
                return name, names.index(name)
    raise ExportInputError(
        file, f"no participant column: neither {wanted!r} nor ResponseId in lines 1-2", 1
    )


def _cell(row: list[str], index: int) -> str:
    return row[index].strip() if index < len(row) else ""


def _respondent(
    place: Place, row: list[str], blocks: Blocks, participant: str
) -> tuple[list[ImportedTrial], int]:
    answered = sorted({p for (p, b), (i, _) in blocks.items() if b in CRITICAL and _cell(row, i)})
    if len(answered) > 1:
        raise place.error(None, f"IAT answers in two permutations ({', '.join(answered)})")
    if not answered:
        return [], 0
    permutation = answered[0]
    trials: list[ImportedTrial] = []
    noncritical = 0
    for (p, block), (index, name) in sorted(blocks.items()):
        if p != permutation:
            continue
        parsed = _block_cell(place, name, _cell(row, index))
        if block not in CRITICAL:
            noncritical += len(parsed)
            continue
        compatible, is_test = CRITICAL[block]
        is_a = compatible == permutation.endswith("P")
        trials += [ImportedTrial(participant, is_a, is_test, ms, err) for ms, err in parsed]
    return trials, noncritical


def _block_cell(place: Place, column: str, text: str) -> list[tuple[float, bool]]:
    """``(latency_ms, error)`` per trial of one block cell (``12C734,3X1021,...,END``)."""
    if text == "":
        raise place.error(column, "block missing (empty) while the other blocks were answered")
    tokens = text.split(",")
    if tokens[-1] != "END":
        raise place.error(column, "block answer does not end with END (cut off?)")
    trials = []
    for number, token in enumerate(tokens[:-1], start=1):
        match = TRIAL.fullmatch(token.strip())
        if match is None:
            raise place.error(
                column,
                f"trial {number} is {token!r}, expected stimulus number, C or X, latency "
                "(e.g. 12C734)",
            )
        trials.append((float(match.group(3)), match.group(2) == "X"))
    return trials
