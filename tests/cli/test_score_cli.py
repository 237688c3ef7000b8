"""``iat score`` on the three public datasets and on broken inputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from app.cli import cli

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "iat-public"
FILES = ["im_milk_iat", "iatpkg_gender_math_iat", "pyiat_death_iat"]
runner = CliRunner()


def data_file(name: str) -> Path:
    path = DATA / f"{name}.csv"
    if not path.exists():
        pytest.skip(f"public IAT datasets not found at {DATA} (../shared/data/iat-public)")
    return path


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(cli, ["score", *args])
    return result.exit_code, result.output


@pytest.mark.parametrize("name", FILES)
def test_scores_public_data_consistently_with_raw_block_means(name: str, tmp_path: Path) -> None:
    source = data_file(name)
    out = tmp_path / "s.csv"
    code, output = run(
        str(source),
        "--out",
        str(out),
        "--all-variants",
        "--bootstrap",
        "50",
        "--splits",
        "5",
        "--reliability",
    )
    assert code == 0, output
    assert "split-half (odd/even" in output
    scores = pd.read_csv(out, dtype={"participant": str})
    raw = pd.read_csv(source, dtype={"subject": str})
    assert set(scores.participant) == set(raw.subject)  # participants without critical rows kept
    crit = raw[raw.critical == 1]
    crit = crit[crit.latency_ms <= 10000]
    means = crit.groupby(["subject", "stage", "pairing"]).latency_ms.mean().unstack()
    for _, row in scores.dropna(subset=["d"]).head(12).iterrows():
        for stage in ("practice", "test"):
            diff = (
                means.loc[(row.participant, stage), "B"] - means.loc[(row.participant, stage), "A"]
            )
            assert np.sign(row[f"d_{stage}"]) == np.sign(diff)
    fast = raw[raw.critical == 1].groupby("subject").latency_ms.apply(lambda x: (x < 300).mean())
    expected_excluded = (fast.reindex(scores.participant).fillna(0) > 0.10).astype(int).to_numpy()
    np.testing.assert_array_equal(scores.excluded.to_numpy(), expected_excluded)
    assert scores.loc[scores.excluded == 1, "d"].isna().all()
    assert [f"d{i}{s}" for i in range(1, 7) for s in ("", "_practice", "_test")] == list(
        scores.columns[-18:]
    )
    np.testing.assert_array_equal(scores.d.to_numpy(), scores.d1.to_numpy())
    sidecar = json.loads(Path(f"{out}.json").read_text())
    assert sidecar["provenance"]["options"]["variant"] == "D1"
    assert sidecar["provenance"]["n_trials"] == len(raw[raw.critical == 1])


def test_block_mapping_matches_pairing_columns(tmp_path: Path) -> None:
    source = data_file("im_milk_iat")
    by_columns, by_map = tmp_path / "a.csv", tmp_path / "b.csv"
    assert run(str(source), "--out", str(by_columns), "--bootstrap", "0", "--splits", "0")[0] == 0
    code, output = run(
        str(source),
        "--out",
        str(by_map),
        "--bootstrap",
        "0",
        "--splits",
        "0",
        "--map-a-practice",
        "practice.iat.Milkbad",
        "--map-a-test",
        "test.iat.Milkbad",
        "--map-b-practice",
        "practice.iat.Milkgood",
        "--map-b-test",
        "test.iat.Milkgood",
        "--pairing-col",
        "nope",
        "--stage-col",
        "nope",
    )
    assert code == 0, output
    pd.testing.assert_frame_equal(pd.read_csv(by_columns), pd.read_csv(by_map))


def test_tsv_gz_and_option_flags(tmp_path: Path) -> None:
    frame = pd.read_csv(data_file("pyiat_death_iat"))
    source = tmp_path / "death.tsv.gz"
    frame.to_csv(source, sep="\t", index=False)
    out = tmp_path / "s.csv"
    code, output = run(
        str(source),
        "--out",
        str(out),
        "--variant",
        "D6",
        "--slow-cut",
        "ge",
        "--sd-timing",
        "before",
        "--fast-exclusion",
        "flag",
        "--bootstrap",
        "0",
    )
    assert code == 0, output
    options = json.loads(Path(f"{out}.json").read_text())["provenance"]["options"]
    assert options == {
        "variant": "D6",
        "slow_cut": "ge",
        "fast_exclusion": "flag",
        "sd_timing": "before",
        "latency": "to_correct",
    }


BAD = "subject,pairing,stage,latency_ms,correct\n1,A,practice,500,1\n"


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (BAD.replace("500", "abc"), (), "line 2: column 'latency_ms' is not numeric: 'abc'"),
        (BAD.replace("500", ""), (), "line 2: missing value in column 'latency_ms'"),
        (BAD.replace(",A,", ",C,"), (), "line 2: column 'pairing' must be A or B"),
        (BAD, ("--latency-col", "rt"), "column 'rt' not found"),
        (BAD.replace(",A,practice,", ",,,"), (), "no row belongs to a critical block"),
        (
            BAD,
            (
                "--map-a-practice",
                "x",
                "--map-a-test",
                "y",
                "--map-b-practice",
                "z",
                "--map-b-test",
                "w",
                "--block-col",
                "subject",
            ),
            "mapping label 'x' not found",
        ),
        (BAD, ("--variant", "D9"), "variant must be one of"),
    ],
)
def test_clear_errors_exit_2(
    content: str, args: tuple[str, ...], message: str, tmp_path: Path
) -> None:
    source = tmp_path / "in.csv"
    source.write_text(content)
    code, output = run(str(source), "--out", str(tmp_path / "o.csv"), *args)
    assert code == 2
    assert message in output and "Traceback" not in output
    assert len(output.strip().splitlines()) == 1


def test_participant_ids_carrying_a_formula_are_neutralised_in_the_output(tmp_path: Path) -> None:
    """A trial file from another tool is untrusted: its subject ids reach the scores CSV."""
    raw = pd.read_csv(data_file("pyiat_death_iat"), dtype={"subject": str})
    first, second = raw.subject.unique()[:2]
    raw = raw[raw.subject.isin([first, second])].copy()
    raw["subject"] = raw.subject.map({first: "=1+1", second: "-2"})
    source = tmp_path / "hostile.csv"
    raw.to_csv(source, index=False)
    out = tmp_path / "s.csv"
    code, output = run(str(source), "--out", str(out))
    assert code == 0, output
    scores = pd.read_csv(out, dtype={"participant": str})
    assert set(scores.participant) == {"'=1+1", "'-2"}
    assert scores.d.dtype == np.float64  # numbers stay numbers


def test_defaults_skip_the_costly_estimates_and_say_so(tmp_path: Path) -> None:
    """Issue 17: by default no bootstrap SE and no random splits; the odd/even split stays."""
    out = tmp_path / "s.csv"
    code, output = run(str(data_file(FILES[0])), "--out", str(out), "--reliability")
    assert code == 0, output
    assert "split-half (odd/even" in output and "random splits" not in output
    scores = pd.read_csv(out)
    assert scores["se"].isna().all() and scores["d"].notna().any()
    code, output = run("--help")
    text = " ".join(output.replace("│", " ").split())
    assert "--bootstrap" in text and "No bootstrap SE and no random splits unless asked" in text


def test_iat_score_starts_without_the_web_app_or_the_database_layer() -> None:
    """The ``iat`` entry point runs ``score`` alone (issue 17: its start-up counts)."""
    code = (
        "import sys\n"
        "sys.argv = ['iat', 'score', '--help']\n"
        "from app.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('LOADED', 'sqlalchemy' in sys.modules, 'fastapi' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "--bootstrap" in done.stdout and "LOADED False False" in done.stdout
