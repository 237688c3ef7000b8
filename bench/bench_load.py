"""Load benchmark of the participant write path (issue 5, item 10).

64 concurrent simulated participants upload their seven 40-trial blocks, in order, against
``iat serve --workers 2``; the same load then goes to a bare FastAPI endpoint that only
validates the same payload (bench/bare_app.py, also 2 uvicorn workers). Target: the app reaches
at least half the bare endpoint's requests per second, with p99 <= 250 ms and zero errors, on
SQLite (WAL) and on PostgreSQL.

Load tool: this script's own asyncio + httpx client (one process, 64 keep-alive connections),
the same for both servers, so client overhead cancels in the ratio.

    .venv/bin/python bench/bench_load.py                    # SQLite, then PostgreSQL if reachable
    .venv/bin/python bench/bench_load.py --sessions 320 --postgres-url postgresql://...

Every request of the run is checked: a non-2xx answer or a transport error counts as an error.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.config import Mode, Settings  # noqa: E402
from app.db.engine import build_engine, build_sessionmaker  # noqa: E402
from app.db.migrate import upgrade  # noqa: E402
from bench.bench_load_setup import prepare_sessions  # noqa: E402


@dataclass
class RunResult:
    label: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def pct(self, q: float) -> float:
        return float(np.percentile(self.latencies_ms, q)) if self.latencies_ms else float("nan")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(cmd: list[str], env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/docs", timeout=1)
            return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(
        f"server did not start: {proc.stderr.read().decode() if proc.stderr else ''}"
    )


async def _participant(
    client: httpx.AsyncClient, queue: asyncio.Queue[Any], result: RunResult
) -> None:
    while not queue.empty():
        token, blocks = queue.get_nowait()
        headers = {"Authorization": f"Bearer {token}"}
        for index, payload in enumerate(blocks, 1):
            started = time.perf_counter()
            try:
                response = await client.put(
                    f"/api/v1/participant/blocks/{index}", json=payload, headers=headers
                )
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            result.latencies_ms.append((time.perf_counter() - started) * 1000)
            result.requests += 1
            result.errors += 0 if ok else 1


async def _load(
    base_url: str, sessions: list[tuple[str, list[dict[str, Any]]]], concurrency: int, label: str
) -> RunResult:
    queue: asyncio.Queue[Any] = asyncio.Queue()
    for item in sessions:
        queue.put_nowait(item)
    result = RunResult(label, 0, 0, 0.0, [])
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:
        started = time.perf_counter()
        await asyncio.gather(*(_participant(client, queue, result) for _ in range(concurrency)))
        result.seconds = time.perf_counter() - started
    return result


def _run_app(
    database_url: str, sessions: list[Any], args: argparse.Namespace, label: str
) -> RunResult:
    port = _free_port()
    env = {
        **os.environ,
        "IAT_DATABASE_URL": database_url,
        "IAT_MODE": "test",
        "IAT_SECRET_KEY": "bench",
    }
    cmd = [
        sys.executable,
        "-m",
        "app.cli",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(args.workers),
    ]
    proc = _start(cmd, env, port)
    try:
        return asyncio.run(_load(f"http://127.0.0.1:{port}", sessions, args.concurrency, label))
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _run_bare(sessions: list[Any], args: argparse.Namespace) -> RunResult:
    port = _free_port()
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.bare_app:app",
        "--port",
        str(port),
        "--workers",
        str(args.workers),
        "--log-level",
        "warning",
    ]
    proc = _start(cmd, dict(os.environ), port)
    try:
        return asyncio.run(
            _load(
                f"http://127.0.0.1:{port}",
                sessions,
                args.concurrency,
                "bare FastAPI (validation only)",
            )
        )
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _prepared(database_url: str, n: int) -> list[Any]:
    upgrade(database_url)
    engine = build_engine(database_url)
    try:
        with build_sessionmaker(engine)() as db:
            return prepare_sessions(db, Settings(database_url=database_url, mode=Mode.TEST), n)
    finally:
        engine.dispose()


def _postgres_database(url: str) -> str:
    from sqlalchemy import create_engine, make_url, text

    name = f"iat_bench_{os.getpid()}"
    admin = create_engine(
        make_url(url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return (
        make_url(url)
        .set(drivername="postgresql+psycopg", database=name)
        .render_as_string(hide_password=False)
    )


def _row(result: RunResult, bare: RunResult) -> str:
    return (
        f"| {result.label} | {result.requests} | {result.errors} | {result.rps:.0f} | "
        f"{result.pct(50):.1f} | {result.pct(95):.1f} | {result.pct(99):.1f} | "
        f"{result.rps / bare.rps:.2f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=192, help="participants (7 uploads each)")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "IAT_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_url = f"sqlite:///{tmp}/bench.sqlite3"
        sessions = _prepared(sqlite_url, args.sessions)
        bare = _run_bare(sessions, args)
        results.append(_run_app(sqlite_url, sessions, args, "iat serve, SQLite (WAL)"))
        if not args.skip_postgres:
            pg_url = _postgres_database(args.postgres_url)
            results.append(
                _run_app(pg_url, _prepared(pg_url, args.sessions), args, "iat serve, PostgreSQL")
            )
    print(
        f"\n{args.concurrency} concurrent participants, {args.sessions} sessions x 7 blocks "
        "of 40 trials, "
        f"{args.workers} uvicorn workers; load: {os.getloadavg()[0]:.2f}\n"
    )
    print("| server | requests | errors | req/s | p50 ms | p95 ms | p99 ms | ratio to bare |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print(_row(bare, bare))
    for result in results:
        print(_row(result, bare))


if __name__ == "__main__":
    main()
