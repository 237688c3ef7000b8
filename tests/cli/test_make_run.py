"""`make run PORT=8100` serves on that port and every link the demo prints follows it, unless
IAT_BASE_URL is set (issue 16, item 5). The recipe is read with `make -n` (nothing runs), then
its `iat demo` line is run with the environment it names."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import cli
from app.config import get_settings

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _recipe(*args: str, **env: str) -> dict[str, tuple[dict[str, str], list[str]]]:
    """The `iat` lines of `make -n run ARGS`: subcommand → (environment, arguments)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("IAT_", "PORT"))}
    out = subprocess.run(
        ["make", "-n", "-C", str(ROOT), "run", *args],
        env={**environ, **env}, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    lines = {}
    for line in out.splitlines():
        words = shlex.split(line)
        at = next((i for i, w in enumerate(words) if w.endswith("/iat")), None)
        if at is None:
            continue
        assignments = dict(w.split("=", 1) for w in words[:at])
        lines[words[at + 1]] = (assignments, words[at + 1 :])
    return lines


def test_port_moves_the_server_and_the_base_url() -> None:
    lines = _recipe("PORT=8100")
    env, serve = lines["serve"]
    assert serve[serve.index("--port") + 1] == "8100"
    assert env["IAT_BASE_URL"] == "http://127.0.0.1:8100"
    assert lines["demo"][0]["IAT_BASE_URL"] == "http://127.0.0.1:8100"


def test_a_base_url_that_is_set_wins_over_the_port() -> None:
    lines = _recipe("PORT=8100", IAT_BASE_URL="https://iat.example")
    assert lines["demo"][0]["IAT_BASE_URL"] == "https://iat.example"
    assert lines["serve"][0]["IAT_BASE_URL"] == "https://iat.example"
    default = _recipe()
    assert default["serve"][0]["IAT_BASE_URL"] == "http://127.0.0.1:8000"


def test_every_link_the_demo_prints_follows_the_port(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env, args = _recipe("PORT=8100")["demo"]
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("IAT_DATABASE_URL", f"sqlite:///{tmp_path / 'run.sqlite3'}")
    monkeypatch.setenv("IAT_VAR_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
        result = runner.invoke(cli, args)
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    printed = re.findall(r"https?://[^\s]+", result.output)
    written = re.findall(r"https?://[^\s\"]+", (tmp_path / "demo.json").read_text())
    assert len(printed) >= 6 and written
    for url in printed + written:
        assert url == "http://127.0.0.1:8100" or url.startswith("http://127.0.0.1:8100/"), url
    assert json.loads((tmp_path / "demo.json").read_text())["base_url"] == "http://127.0.0.1:8100"
