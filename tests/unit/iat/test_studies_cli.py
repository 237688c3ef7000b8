"""``iat studies``: list, show, validate, plan."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from app.cli.studies import cli
from iat import StudyDefinition

runner = CliRunner()


def test_list_shows_both_builtins() -> None:
    result = runner.invoke(cli, ["list"])
    assert result.exit_code == 0
    assert "default" in result.output and "self-concept" in result.output


def test_show_default_in_french(study: StudyDefinition) -> None:
    result = runner.invoke(cli, ["show", "default", "--lang", "fr"])
    assert result.exit_code == 0
    assert "Client: Clientèle, Acheteur" in result.output
    assert "Customer" not in result.output
    assert study.version in result.output
    assert "B5  targets_reversed: 40 trials" in result.output


def test_show_json_is_the_canonical_document(study: StudyDefinition) -> None:
    result = runner.invoke(cli, ["show", "default", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["version"] == study.version


def test_show_unknown_study_fails_cleanly() -> None:
    result = runner.invoke(cli, ["show", "nope"])
    assert result.exit_code == 1
    assert "no built-in study" in result.output


def test_validate_reports_field_and_problem(tmp_path: Path, raw_study: dict[str, Any]) -> None:
    raw_study["categories"]["target_b"]["stimuli"]["fr"].append("Joie")
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(raw_study), encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert "categories.attribute_pos.stimuli.fr[0]" in result.output
    assert "two categories" in result.output


def test_validate_accepts_a_good_file(tmp_path: Path, raw_study: dict[str, Any]) -> None:
    path = tmp_path / "good.json"
    path.write_text(json.dumps(raw_study), encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0 and result.output.startswith("ok: default")


def test_plan_prints_the_browser_json() -> None:
    result = runner.invoke(cli, ["plan", "default", "--seed", "3", "--lang", "en"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["seed"] == 3 and len(data["blocks"]) == 7


def test_validate_names_the_study_type_mismatch(tmp_path: Path, raw_study: dict[str, Any]) -> None:
    """A careless edit: the default study's JSON relabelled as a single-category IAT."""
    path = tmp_path / "single.json"
    path.write_text(json.dumps(raw_study | {"type": "sciat"}), encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert "categories.target_b" in result.output and "one target" in result.output
    del raw_study["categories"]["target_b"]
    path.write_text(json.dumps(raw_study | {"type": "sciat"}), encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert "block_plan.blocks[0].role" in result.output and "combined blocks only" in result.output
