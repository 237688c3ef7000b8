"""Several ``iat serve`` processes on one PostgreSQL database, started at the same moment
(each one migrates and purges first, as in production), their JSON logs kept in files."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from tests.support.databases import POSTGRES_ENV
from tests.support.live_server import free_port, wait_until_answering

IAT = str(Path(sys.executable).parent / "iat")
SECRET_KEY = "one key shared by every server of the test"


def require_postgres() -> None:
    if POSTGRES_ENV not in os.environ:
        pytest.skip(f"!!! {POSTGRES_ENV} is not set: several-servers tests are SKIPPED !!!")


def server_environment(database_url: str, var_dir: Path, **extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("IAT_")}
    return (
        base
        | {
            "IAT_MODE": "production",
            "IAT_SECRET_KEY": SECRET_KEY,
            "IAT_DATABASE_URL": database_url,
            "IAT_VAR_DIR": str(var_dir),
            "IAT_TRUSTED_PROXIES": "127.0.0.1",
            "IAT_MAIL_WORKER": "true",
        }
        | extra
    )


@contextmanager
def servers(env: dict[str, str], count: int, logs: Path) -> Iterator[list[str]]:
    """``count`` servers started together; yield their ``127.0.0.1:port`` addresses once each
    one is ready (``/readyz``)."""
    ports = [free_port() for _ in range(count)]
    with ExitStack() as stack:
        processes = []
        for port in ports:
            log = stack.enter_context((logs / f"server-{port}.log").open("wb"))  # JSON
            command = [IAT, "serve", "--port", str(port)]
            process = subprocess.Popen(command, env=env, stderr=log, stdout=subprocess.DEVNULL)
            stack.callback(_stop, process)
            processes.append(process)
        for port, process in zip(ports, processes, strict=True):
            wait_until_answering(f"http://127.0.0.1:{port}/readyz", process, seconds=90)
        yield [f"127.0.0.1:{port}" for port in ports]


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(timeout=20)
