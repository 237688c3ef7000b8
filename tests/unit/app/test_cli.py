"""The ``iat`` command line: db upgrade and demo through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import cli
from app.config import get_settings


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("IAT_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("IAT_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("IAT_MODE", "demo")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_db_upgrade_then_demo(env: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
    assert runner.invoke(cli, ["db", "check"]).exit_code == 0
    result = runner.invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    assert "/p/" in result.output
    demo = json.loads((env / "demo.json").read_text(encoding="utf-8"))
    assert demo["invitation_urls"]


def test_demo_refused_in_production(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IAT_MODE", "production")
    get_settings.cache_clear()
    runner = CliRunner()
    runner.invoke(cli, ["db", "upgrade"])
    result = runner.invoke(cli, ["demo"])
    assert result.exit_code == 2
    assert "only in IAT_MODE=demo" in result.output


def test_serve_has_host_port_workers() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--workers"):
        assert option in result.output
