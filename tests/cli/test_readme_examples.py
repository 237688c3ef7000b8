"""The README's research API examples work as written in a fresh shell (issue 16, item 5): the
demo is loaded as `make run` loads it, the app is served, and the README's curl block and its
Python block run from a folder laid out like the repository (`var/demo.json`, `.venv/bin/iat`)."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import cli
from app.config import Mode, Settings, get_settings
from tests.support.live_server import live_server

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block(after: str, language: str) -> str:
    """The first fenced ``language`` block after the line ``after``."""
    rest = README[README.index(after) :]
    found = re.search(rf"^```{language}\n(.*?)^```", rest, re.S | re.M)
    assert found, f"no {language} block after {after!r}"
    return found.group(1)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder like a checkout after `make run`: the demo loaded, the app served, `.venv`."""
    folder = tmp_path_factory.mktemp("checkout")
    (folder / ".venv").symlink_to(Path(sys.executable).parents[1])
    url = f"sqlite:///{folder / 'var' / 'iat.sqlite3'}"
    settings = Settings(database_url=url, mode=Mode.TEST, var_dir=folder / "var", secret_key="x")
    (folder / "var").mkdir()
    with live_server(settings) as base_url, pytest.MonkeyPatch.context() as env:
        for name, value in {
            "IAT_MODE": "demo", "IAT_DATABASE_URL": url, "IAT_VAR_DIR": str(folder / "var"),
            "IAT_BASE_URL": base_url,
        }.items():  # fmt: skip
            env.setenv(name, value)
        get_settings.cache_clear()
        runner = CliRunner()
        assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
        demo = runner.invoke(cli, ["demo"])
        get_settings.cache_clear()
        assert demo.exit_code == 0, demo.output
        yield folder
    get_settings.cache_clear()


def _run(command: list[str], folder: Path) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("IAT_", "VIRTUAL_ENV"))}
    return subprocess.run(
        command, cwd=folder, env=environ, capture_output=True, text=True, timeout=120
    )


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_curl_example_runs_as_written(repo: Path) -> None:
    done = _run(["bash", "-euo", "pipefail", "-c", _block("curl:", "sh")], repo)
    assert done.returncode == 0, done.stderr
    with (repo / "scores.csv").open(newline="", encoding="utf-8") as scores:
        rows = list(csv.DictReader(scores))
    assert len(rows) >= 30  # 3 teams x 12 simulated people, a few may be excluded
    assert '"variant":"D3"' in done.stdout.replace(" ", "")


def test_the_python_example_runs_as_written(repo: Path) -> None:
    done = _run([".venv/bin/python", "-c", _block("Python (httpx):", "python")], repo)
    assert done.returncode == 0, done.stderr
    trials, scored = re.fullmatch(r"(\d+) trials; (\d+) D scores\n", done.stdout).groups()  # type: ignore[union-attr]
    assert int(trials) >= 30 * 120 and int(scored) >= 30
