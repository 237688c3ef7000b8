"""Readers of other IAT tools' raw exports, each giving the trials the long format gives.

``read_export(path, fmt, columns, block_map)`` dispatches on ``fmt``:

======== =============================================================== ====================
format   what is read                                                    module
======== =============================================================== ====================
long     this project's long CSV/TSV (one row per trial)                 :mod:`scoring.csv_input`
jspsych  jsPsych JSON/CSV data of the ``iat-html``/``iat-image`` plugins  :mod:`.jspsych`
iatgen   Qualtrics CSV export of an iatgen IAT                           :mod:`.iatgen`
minno    not read: no public raw export with a licence allowing tests    --
inquisit not read: likewise                                              --
======== =============================================================== ====================

A format is read only where a real export was available to test the reader on (see the README,
"Importing other tools' data"); the others answer :class:`~scoring.errors.UnsupportedFormatError`
rather than a guess at their layout.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from scoring.csv_input import BlockMap, CsvColumns, CsvTrials, read_trials_csv
from scoring.errors import InvalidOptionsError, UnsupportedFormatError
from scoring.importers.iatgen import read_iatgen
from scoring.importers.jspsych import read_jspsych
from scoring.options import DScoreOptions, Variant

Reader = Callable[[Path, CsvColumns, BlockMap | None], CsvTrials]
READERS: dict[str, Reader] = {
    "long": read_trials_csv,
    "jspsych": read_jspsych,
    "iatgen": read_iatgen,
}
UNSUPPORTED = {
    "minno": "Minno (Project Implicit)",
    "inquisit": "Inquisit (Millisecond)",
}
FORMATS = (*READERS, *UNSUPPORTED)


def read_export(
    path: str | Path,
    fmt: str = "long",
    columns: CsvColumns = CsvColumns(),
    block_map: BlockMap | None = None,
) -> CsvTrials:
    """Read ``path`` in format ``fmt`` (one of :data:`FORMATS`).

    Raises
    ------
    UnsupportedFormatError
        ``minno`` or ``inquisit``, or an unknown format name.
    CsvInputError
        The file cannot be read; the message names the file, line and column at fault.
    """
    if fmt in UNSUPPORTED:
        raise UnsupportedFormatError(
            f"--format {fmt}: {UNSUPPORTED[fmt]} exports are not read yet: no public raw export "
            "whose licence allows testing a reader on it was found, and a reader written from "
            "guesses could score the wrong trials. Convert the file to the long format "
            "(subject, latency_ms, correct, pairing, stage) and use --format long"
        )
    if fmt not in READERS:
        raise UnsupportedFormatError(f"unknown --format {fmt!r}; one of: {', '.join(FORMATS)}")
    return READERS[fmt](Path(path), columns, block_map)


def check_latencies(data: CsvTrials, options: DScoreOptions, all_variants: bool = False) -> None:
    """Refuse the built-in error penalty (D1, D2) on latencies that do not contain it.

    Raises
    ------
    InvalidOptionsError
        ``data.first_response_only`` and a D1/D2 variant (``all_variants`` includes them).
    """
    if not data.first_response_only:
        return
    if all_variants:
        raise InvalidOptionsError(
            f"--all-variants includes D1 and D2, which {data.source_format} data cannot give "
            "(only the latency of the first key press is recorded)"
        )
    if Variant(options.variant).penalty == "built_in":
        raise InvalidOptionsError(
            f"{data.source_format} records the latency of the first key press only, not the "
            f"time to the correct response, so {options.variant} (built-in error penalty) "
            "cannot be computed: use --error-mode none (D4) or --variant D3, D4, D5 or D6"
        )
