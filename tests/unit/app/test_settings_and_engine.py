"""Settings come from IAT_* variables; SQLite connections get WAL, foreign keys, busy timeout;
building the app opens no database connection."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event, text

from app.config import Mode, Settings
from app.db.engine import build_engine
from app.main import create_app


def test_defaults_and_env_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IAT_DATABASE_URL", raising=False)
    monkeypatch.setenv("IAT_MODE", "demo")
    monkeypatch.setenv("IAT_SECRET_KEY", "given")  # else the demo keeps a key in ./var
    settings = Settings()
    assert settings.mode is Mode.DEMO
    assert settings.effective_database_url == "sqlite:///var/iat.sqlite3"
    assert Settings(_env_file=None, mode="production").is_demo_like is False  # type: ignore[call-arg]


def test_unknown_mode_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IAT_MODE", "staging")
    with pytest.raises(ValueError, match="mode"):
        Settings()


def test_sqlite_pragmas(tmp_path: Path) -> None:
    engine = build_engine(
        f"sqlite:///{tmp_path / 'sub' / 'x.sqlite3'}", sqlite_busy_timeout_ms=1234
    )
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 1234
    engine.dispose()


def test_create_app_does_not_connect(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'never.sqlite3'}", mode=Mode.TEST)
    app = create_app(settings)
    connections: list[object] = []
    event.listen(app.state.engine, "connect", lambda *args: connections.append(args))
    assert connections == []
    assert not (tmp_path / "never.sqlite3").exists()
