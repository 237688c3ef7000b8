"""``iat score --format``: other tools' exports scored end to end, unsupported formats refused."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from app.cli import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "jspsych"
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "iat-public"
IATGEN = Path(os.environ.get("IAT_IATGEN_EXPORT", SHARED / "iatgen_iat_small.csv"))
MAPS = [
    "--block-col",
    "block",
    "--map-a-practice",
    "compatible_practice",
    "--map-a-test",
    "compatible_test",
    "--map-b-practice",
    "incompatible_practice",
    "--map-b-test",
    "incompatible_test",
]
runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(cli, ["score", *args, "--bootstrap", "0", "--splits", "0"])
    return result.exit_code, result.output


def d600_by_hand(frame: pd.DataFrame) -> float:
    """D4 of one participant: errors -> correct block mean + 600 ms, inclusive SD after."""
    frame = frame[frame.rt <= 10000].copy()
    frame["ms"] = frame.rt.astype(float)
    for _, block in frame.groupby("block"):
        fill = block.rt[block.correct].mean() + 600
        frame.loc[block.index[~block.correct], "ms"] = fill
    parts = []
    for stage in ("practice", "test"):
        rows = frame[frame.block.str.endswith(stage)]
        compatible = rows.block.str.startswith("compatible")
        parts.append((rows.ms[~compatible].mean() - rows.ms[compatible].mean()) / rows.ms.std())
    return float(np.mean(parts))


@pytest.mark.parametrize("name", ["jspsych_iat.json", "jspsych_iat.csv"])
def test_jspsych_export_scores_d600_by_hand(name: str, tmp_path: Path) -> None:
    out = tmp_path / "s.csv"
    code, output = run(
        str(FIXTURES / name),
        "--format",
        "jspsych",
        "--error-mode",
        "none",
        "--out",
        str(out),
        *MAPS,
    )
    assert code == 0, output
    scores = pd.read_csv(out).set_index("participant")
    raw = pd.DataFrame(json.loads((FIXTURES / "jspsych_iat.json").read_text()))
    raw = raw[raw.block.str.contains("compatible_", na=False)].astype({"correct": bool})
    for participant, rows in raw.groupby("subject"):
        assert scores.loc[participant, "d"] == pytest.approx(d600_by_hand(rows), rel=1e-12)
    sidecar = json.loads(Path(f"{out}.json").read_text())
    assert sidecar["provenance"]["source"]["format"] == "jspsych"
    assert sidecar["provenance"]["variant"] == "D4"


def test_jspsych_with_the_default_penalty_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "s.csv"
    code, output = run(
        str(FIXTURES / "jspsych_iat.json"), "--format", "jspsych", "--out", str(out), *MAPS
    )
    assert code == 2
    assert "first key press only" in output and "--error-mode none" in output
    assert not out.exists()


def test_a_broken_line_is_named_by_the_cli(tmp_path: Path) -> None:
    source = tmp_path / "data.csv"
    lines = (FIXTURES / "jspsych_iat.csv").read_text().splitlines()
    lines[40] = lines[40].replace('"true"', '"yes"').replace('"false"', '"yes"')
    source.write_text("\n".join(lines) + "\n")
    out = tmp_path / "s.csv"
    code, output = run(
        str(source), "--format", "jspsych", "--error-mode", "none", "--out", str(out), *MAPS
    )
    assert code == 2
    assert "data.csv, line 41, column 'correct': must be true or false, not 'yes'" in output
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["minno", "inquisit"])
def test_formats_without_a_real_export_are_refused(fmt: str, tmp_path: Path) -> None:
    source = tmp_path / "data.csv"
    source.write_text("subject,latency_ms,correct,pairing,stage\n1,500,1,A,test\n")
    out = tmp_path / "s.csv"
    code, output = run(str(source), "--format", fmt, "--out", str(out))
    assert code == 2
    assert f"--format {fmt}" in output and "not read yet" in output
    assert not out.exists()


def test_unknown_format_lists_the_formats(tmp_path: Path) -> None:
    code, output = run(str(tmp_path / "x.csv"), "--format", "eprime", "--out", str(tmp_path / "o"))
    assert code == 2
    assert "long, jspsych, iatgen, minno, inquisit" in output


def test_iatgen_export_scores_as_iatgen_does(tmp_path: Path) -> None:
    """iatgen's recorded export (see tests/unit/scoring/test_import_iatgen.py; not committed)."""
    if not IATGEN.exists():
        pytest.skip(f"iatgen's iat_small.csv not found at {IATGEN}")
    out = tmp_path / "s.csv"
    code, output = run(str(IATGEN), "--format", "iatgen", "--out", str(out))
    assert code == 0, output
    scores = pd.read_csv(out)
    assert scores.d.round(6).tolist() == [0.536744, -0.520029]  # iatgen's test-analyze.R
