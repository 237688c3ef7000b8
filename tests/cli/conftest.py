"""The command line runs against the test database, with a known public address."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.config import get_settings


@pytest.fixture
def env(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("IAT_DATABASE_URL", database_url)
    monkeypatch.setenv("IAT_BASE_URL", "http://iat.example")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
