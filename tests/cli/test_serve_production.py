"""``iat serve`` in production needs ``IAT_SECRET_KEY``: without it every worker process made
its own random key, so a cookie signed by one worker was refused by the other (with
``--workers 2``, 22 of 60 signed-in requests got 401). Demo and test modes still start without
one. Real processes, real HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy.orm import Session

from app.db.engine import build_engine
from app.domain import HRRole
from tests.support.hr import PASSWORD, make_user, organisation
from tests.support.live_server import free_port, wait_until_answering

IAT = str(Path(sys.executable).parent / "iat")


def _environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("IAT_")}
    database = f"sqlite:///{(tmp_path / 'serve.sqlite3').as_posix()}"
    return base | {"IAT_DATABASE_URL": database, "IAT_VAR_DIR": str(tmp_path)} | extra


def test_serve_refuses_to_start_in_production_without_secret_key(tmp_path: Path) -> None:
    port = free_port()
    result = subprocess.run(
        [IAT, "serve", "--port", str(port)],
        env=_environment(tmp_path),  # IAT_MODE unset: production is the default
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode != 0
    assert "IAT_SECRET_KEY is not set" in result.stderr


@contextmanager
def _serving(env: dict[str, str], workers: int = 1) -> Iterator[str]:
    port = free_port()
    command = [IAT, "serve", "--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(command, env=env)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(base_url, process)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=20)


def _wait_for_health(base_url: str, process: subprocess.Popen[bytes]) -> None:
    wait_until_answering(f"{base_url}/healthz", process)


def test_serve_in_demo_mode_starts_without_secret_key(tmp_path: Path) -> None:
    with _serving(_environment(tmp_path, IAT_MODE="demo")) as base_url:
        assert httpx.get(f"{base_url}/hr/login").status_code == 200


def test_two_production_workers_accept_each_others_cookies(tmp_path: Path) -> None:
    env = _environment(tmp_path, IAT_MODE="production", IAT_SECRET_KEY="one key for all workers")
    with _serving(env, workers=2) as base_url:
        engine = build_engine(env["IAT_DATABASE_URL"])
        with Session(engine) as db:
            make_user(db, "hr@serve.example", HRRole.HR_ADMIN, organisation(db, "Serve SA").id)
        engine.dispose()
        with httpx.Client(base_url=base_url, timeout=10) as client:
            signed_in = {"email": "hr@serve.example", "password": PASSWORD}
            assert client.post("/api/v1/hr/login", json=signed_in).status_code == 200
            statuses = [client.get("/api/v1/hr/me").status_code for _ in range(60)]
    assert statuses == [200] * 60


def test_metrics_of_two_workers_add_up_whichever_answers(tmp_path: Path) -> None:
    env = _environment(tmp_path, IAT_MODE="production", IAT_SECRET_KEY="k" * 40)
    with _serving(env, workers=2) as base_url, httpx.Client(base_url=base_url) as client:
        for n in range(40):  # new connections: both workers get some
            assert httpx.get(f"{base_url}/p/not-a-token-{n}").status_code == 404
        scrapes = [client.get("/metrics").text for _ in range(6)]
    for text in scrapes:
        counts = [
            float(line.rsplit(" ", 1)[1])
            for line in text.splitlines()
            if line.startswith("iat_http_request_duration_seconds_count")
            and 'route="/p/{token}"' in line
        ]
        assert counts == [40.0]
        assert "not-a-token" not in text
