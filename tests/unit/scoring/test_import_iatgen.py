"""iatgen reader: iatgen's own recorded Qualtrics export, hand-built exports, broken cells.

The real export is ``tests/testthat/iat_small.csv`` of github.com/iatgen/iatgen (commit
``64faeb1f4cbdc6dd3dfb33c77bfb78a8f03606e5``; 2 respondents, 2016, flowers/insects IAT), whose
package test ``test-analyze.R`` pins iatgen's ``cleanIAT`` D to 0.536744 and -0.520029. Its licence
is CC BY-NC 4.0 (the repository's DESCRIPTION since 2018) and it holds IP addresses and
locations, so it is not committed: the test reads it from ``../shared/data/iat-public/
iatgen_iat_small.csv`` (or ``$IAT_IATGEN_EXPORT``) and skips when it is absent.
"""

from __future__ import annotations

import csv
import os
import statistics
from pathlib import Path

import numpy as np
import pytest

from scoring.csv_input import BlockMap
from scoring.dscore import compute_d
from scoring.errors import ExportInputError
from scoring.importers import read_export
from scoring.options import DScoreOptions

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "iat-public"
REAL = Path(os.environ.get("IAT_IATGEN_EXPORT", SHARED / "iatgen_iat_small.csv"))
PERMUTATIONS = ("RP", "RN", "LP", "LN")
COMPATIBLE, INCOMPATIBLE = "500C500,1X600,END", "2C700,3C800,END"
D_HAND = 200 / statistics.stdev([500, 600, 700, 800])  # both stages alike


def test_real_iatgen_export_gives_iatgens_d() -> None:
    if not REAL.exists():
        pytest.skip(f"iatgen's iat_small.csv not found at {REAL} (see the module docstring)")
    data = read_export(REAL, "iatgen")
    assert list(data.trials.labels) == ["R_O8cwMBRoibrFhap", "R_2rBpt6RuVh0H1Il"]
    assert (data.n_rows, data.n_noncritical) == (400, 160)  # 2 x (20+20+20+40+20+20+40)
    result = compute_d(data.trials, DScoreOptions())
    np.testing.assert_array_equal(np.round(result.d, 6), [0.536744, -0.520029])


def cell(permutation: str, block: int) -> str:
    """Compatible blocks at 500/600 ms, incompatible at 700/800 ms, singles at 900."""
    if block in (1, 2, 5):
        return "4C900,END"
    compatible = (block in (3, 4)) == permutation.endswith("P")
    return COMPATIBLE.replace("500C", "5C") if compatible else INCOMPATIBLE


def export(tmp_path: Path, answers: dict[str, str | None], modern: bool = False) -> Path:
    """A Qualtrics export: legacy (V1... names, ResponseID on line 2) or modern (3 lines)."""
    blocks = [(p, b) for p in PERMUTATIONS for b in range(1, 8)]
    names = [f"{p}{b}" if modern else f"Q{i} {p}{b}" for i, (p, b) in enumerate(blocks, 1)]
    rows = [
        ["ResponseId" if modern else "V1", "x", *names],
        ["Response ID" if modern else "ResponseID", "x", *[f"text of {n}" for n in names]],
    ]
    if modern:
        rows.append(['{"ImportId":"_recordId"}', "{}", *["{}" for _ in names]])
    for response_id, permutation in answers.items():
        cells = [cell(p, b) if p in (permutation or "").split("+") else "" for p, b in blocks]
        rows.append([response_id, "1", *cells])
    path = tmp_path / "export.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.mark.parametrize("modern", [False, True])
def test_every_permutation_maps_compatible_to_pairing_a(tmp_path: Path, modern: bool) -> None:
    answers: dict[str, str | None] = {f"R_{p}": p for p in PERMUTATIONS} | {"R_skip": None}
    data = read_export(export(tmp_path, answers, modern), "iatgen")
    assert list(data.trials.labels) == ["R_RP", "R_RN", "R_LP", "R_LN", "R_skip"]
    assert (data.n_rows, data.n_noncritical) == (4 * 11, 4 * 3)
    result = compute_d(data.trials, DScoreOptions())
    np.testing.assert_allclose(result.d[:4], D_HAND, rtol=1e-12)
    assert np.isnan(result.d[4])  # skipped the IAT: kept, no score (iatgen: "skipped")
    assert data.trials.error.sum() == 8  # one X per compatible block
    assert not data.first_response_only


def replace_cell(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text().replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("5C500", "5Q500", r"line 3, column 'Q3 RP3': trial 1 is '5Q500', expected"),
        ("1X600,END", "1X600", r"line 3, column 'Q3 RP3': .*does not end with END"),
        ("1X600,END", "1X-600,END", r"line 3, column 'Q3 RP3': trial 2 is '1X-600'"),
    ],
)
def test_broken_cells_name_line_and_column(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path = export(tmp_path, {"R_1": "RP"})
    replace_cell(path, old, new)
    with pytest.raises(ExportInputError, match=message):
        read_export(path, "iatgen")


def test_two_permutations_in_one_row_are_refused(tmp_path: Path) -> None:
    path = export(tmp_path, {"R_1": "RP", "R_2": "RN+LN"})
    with pytest.raises(ExportInputError, match=r"line 4: IAT answers in two permutations"):
        read_export(path, "iatgen")


def test_not_an_iatgen_export(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("subject,latency_ms,correct\nlabel,,\n1,500,1\n")
    with pytest.raises(ExportInputError, match="no iatgen block column"):
        read_export(path, "iatgen")
    path.write_text("subject\n")
    with pytest.raises(ExportInputError, match="2 header lines"):
        read_export(path, "iatgen")
    with pytest.raises(ExportInputError, match="do not apply"):
        read_export(path, "iatgen", block_map=BlockMap("a", "b", "c", "d"))


def test_missing_response_id_is_named(tmp_path: Path) -> None:
    path = export(tmp_path, {"": "RP"})
    with pytest.raises(ExportInputError, match=r"line 3, column 'ResponseID': no response id"):
        read_export(path, "iatgen")
