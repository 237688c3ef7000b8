"""jsPsych reader on data that jsPsych's own IAT plugins wrote, and on broken copies of it.

The fixtures were produced by ``tests/fixtures/jspsych/generate.py``: jsPsych 8.3.0 with
``@jspsych/plugin-iat-html`` 2.1.0 and ``@jspsych/plugin-iat-image`` 2.1.0 (MIT, npm) run in
headless Chromium, keys pressed by Playwright; two sessions, 7 blocks, block labels in ``block``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scoring.csv_input import BlockMap, CsvColumns
from scoring.dscore import compute_d
from scoring.errors import ExportInputError, InvalidOptionsError
from scoring.importers import check_latencies, read_export
from scoring.options import DScoreOptions
from tests.support.pyiat_reference import pyiat_d

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "jspsych"
MAP = BlockMap(
    "compatible_practice", "compatible_test", "incompatible_practice", "incompatible_test"
)


def read(path: Path, block_map: BlockMap | None = MAP, columns: CsvColumns = CsvColumns()):  # type: ignore[no-untyped-def]
    return read_export(path, "jspsych", columns, block_map)


def raw_frame() -> pd.DataFrame:
    """The critical trials straight from the JSON, with pandas only."""
    frame = pd.DataFrame(json.loads((FIXTURES / "jspsych_iat.json").read_text()))
    frame = frame[frame.block.isin(list(MAP.__dict__.values()))].copy()
    frame["pairing"] = np.where(frame.block.str.startswith("compatible"), "A", "B")
    frame["stage"] = np.where(frame.block.str.endswith("test"), "test", "practice")
    return frame


def test_json_and_csv_exports_give_the_same_trials() -> None:
    from_json, from_csv = read(FIXTURES / "jspsych_iat.json"), read(FIXTURES / "jspsych_iat.csv")
    assert (from_json.n_rows, from_json.n_noncritical) == (206, 62)  # 7 instructions + 48 + 7
    assert from_json.first_response_only and from_json.source_format == "jspsych"
    for name in ("participant", "is_a", "is_test", "latency_ms", "error"):
        np.testing.assert_array_equal(
            getattr(from_json.trials, name), getattr(from_csv.trials, name)
        )
    assert list(from_json.trials.labels) == ["p1", "p2"]
    assert len(from_json.trials.latency_ms) == 144
    kinds = raw_frame().trial_type.value_counts().to_dict()
    assert kinds == {"iat-html": 72, "iat-image": 72}  # words and pictures both read


def test_d_matches_pyiat_on_the_raw_records() -> None:
    frame = raw_frame()
    theirs = pyiat_d(frame.assign(correct=frame.correct.astype(int)), "rt", "correct")
    options = DScoreOptions(variant="D2", slow_cut="ge", fast_exclusion="off")  # type: ignore[arg-type]
    ours = compute_d(read(FIXTURES / "jspsych_iat.json").trials, options)
    np.testing.assert_allclose(ours.d, theirs.reindex(ours.participant).to_numpy(float), rtol=1e-12)
    assert ours.d[0] > 0.3  # p1 was simulated 200 ms slower in the incompatible blocks


def test_built_in_penalty_is_refused_on_first_key_latencies() -> None:
    data = read(FIXTURES / "jspsych_iat.json")
    with pytest.raises(InvalidOptionsError, match="first key press only"):
        check_latencies(data, DScoreOptions())
    with pytest.raises(InvalidOptionsError, match="--all-variants"):
        check_latencies(data, DScoreOptions(variant="D4"), all_variants=True)  # type: ignore[arg-type]
    check_latencies(data, DScoreOptions(variant="D4"))  # type: ignore[arg-type]


def broken_csv(tmp_path: Path, line: int, old: str, new: str) -> Path:
    lines = (FIXTURES / "jspsych_iat.csv").read_text().splitlines()
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path = tmp_path / "broken.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_csv_error_names_file_line_and_column(tmp_path: Path) -> None:
    line = 40  # a compatible_test trial of p1
    text = (FIXTURES / "jspsych_iat.csv").read_text().splitlines()[line - 1]
    assert "compatible_test" in text
    rt = text.split(",")[0]
    path = broken_csv(tmp_path, line, rt, '"fast"')
    with pytest.raises(ExportInputError) as caught:
        read(path)
    assert str(caught.value) == (
        "broken.csv, line 40, column 'rt': latency must be a number, not 'fast'"
    )
    assert (caught.value.line, caught.value.column) == (40, "rt")


def test_json_errors_name_the_record(tmp_path: Path) -> None:
    records = json.loads((FIXTURES / "jspsych_iat.json").read_text())
    index = next(i for i, r in enumerate(records) if r.get("block") == "incompatible_test")
    records[index]["correct"] = "maybe"
    path = tmp_path / "data.json"
    path.write_text(json.dumps(records))
    with pytest.raises(ExportInputError, match=rf"data.json, record {index + 1}, field 'correct'"):
        read(path)
    records[index]["correct"] = False
    records[index]["rt"] = None  # a trial_duration ran out
    path.write_text(json.dumps(records))
    with pytest.raises(ExportInputError, match=rf"record {index + 1}, field 'rt': no latency"):
        read(path)
    del records[index]["subject"]
    path.write_text(json.dumps(records))
    with pytest.raises(ExportInputError, match="addProperties"):
        read(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{}", "array of trial records"),
        ("[1]", "record 1: a trial record must be a JSON object"),
        ("[{", "not jsPsych JSON"),
        ('[{"trial_type": "html-keyboard-response"}]', "no trial of jsPsych's iat-html"),
    ],
)
def test_not_jspsych_json_is_refused(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(content)
    with pytest.raises(ExportInputError, match=message):
        read(path)


def test_unknown_block_label_lists_the_labels_found() -> None:
    wrong = BlockMap("compatible_practice", "compatible_test", "incompatible_practice", "B7")
    with pytest.raises(ExportInputError, match=r"'B7' not found in field 'block' \(attributes"):
        read(FIXTURES / "jspsych_iat.json", wrong)


def pairing_records(pairing: object) -> list[dict[str, object]]:
    records: list[dict[str, object]] = [{"trial_type": "html-keyboard-response", "rt": 900}]
    for index, (cell_pairing, stage, rt) in enumerate(
        [("A", "practice", 500), ("A", "test", 520), ("B", "practice", 700), ("B", "test", 720)] * 3
    ):
        records.append(
            {
                "trial_type": "iat-html",
                "subject": "s1",
                "pairing": cell_pairing if index else pairing,
                "stage": stage,
                "rt": rt + index,
                "correct": True,
            }
        )
    records.append({"trial_type": "iat-html", "subject": "s1", "rt": 400, "correct": True})
    return records


def test_pairing_and_stage_fields_choose_the_cells(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(pairing_records("A")))
    data = read(path, None)
    assert (data.n_rows, data.n_noncritical) == (14, 2)
    assert data.trials.is_a.tolist() == [True, True, False, False] * 3
    assert data.trials.latency_ms[:4].tolist() == [500, 521, 702, 723]
    path.write_text(json.dumps(pairing_records("C")))
    with pytest.raises(ExportInputError, match="record 2, field 'pairing': must be A or B"):
        read(path, None)


def test_only_non_critical_trials_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps([{"trial_type": "iat-html", "subject": "s", "rt": 1, "block": "x"}]))
    with pytest.raises(ExportInputError, match="'compatible_practice' not found"):
        read(path)
    path.write_text(json.dumps([{"trial_type": "iat-html", "subject": "s", "pairing": ""}]))
    with pytest.raises(ExportInputError, match="record 1, field 'pairing': the IAT trials carry"):
        read(path, None)
