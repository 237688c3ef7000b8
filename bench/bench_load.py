"""Load benchmark of the participant write path (issue 5, item 10).

64 concurrent simulated participants upload their seven 40-trial blocks, in order, against
``iat serve --workers 2``; right before, the same load goes to a bare FastAPI endpoint that
only validates the same payload (bench/bare_app.py, also 2 uvicorn workers). Target: the app
reaches at least half the bare endpoint's requests per second, with p99 <= 250 ms and zero
errors, on SQLite (WAL) and on PostgreSQL.

Load tool: wrk (Debian package ``wrk``) with bench/bench_load.lua: 64 threads with one keep-alive
connection each; each thread replays the uploads of its own participants in order (block 2 only
after block 1 was answered), the same requests for both servers.

    .venv/bin/python bench/bench_load.py                    # SQLite, then PostgreSQL if reachable
    .venv/bin/python bench/bench_load.py --sessions 320 --postgres-url postgresql://...

Every request of the run is checked: a non-2xx answer or a transport error counts as an error.
The last two columns are the CPU time per request that the server's processes and all
PostgreSQL processes of the machine used during the run (read from /proc): steadier than the
rates on a shared machine, and they say where the time goes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, create_engine, make_url, text

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
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
    percentiles_ms: tuple[float, float, float]  # p50, p95, p99
    server_cpu_s: float = 0.0  # CPU time of the server's processes during the run
    database_cpu_s: float = 0.0  # CPU time of all PostgreSQL processes during the run

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(cmd: list[str], env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    # The server logs a JSON line per request on stderr: into a file, never an unread pipe
    # (a full pipe would stop the server mid-run).
    log = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the server)
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 90  # worker processes start slowly on a busy machine
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/docs", timeout=1)
            return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    proc.wait()
    log.seek(0)
    raise RuntimeError(f"server did not start: {log.read().decode(errors='replace')}")


@dataclass(frozen=True)
class _Process:
    parent: int
    cpu_s: float  # user + system CPU seconds so far
    postgres: bool  # a PostgreSQL server process


def _processes() -> dict[int, _Process]:
    """Every process of the machine, read once from /proc (Linux)."""
    ticks_per_second = os.sysconf("SC_CLK_TCK")
    table = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
            postgres = (entry / "cmdline").read_bytes().startswith(b"postgres")
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        cpu = (int(fields[11]) + int(fields[12])) / ticks_per_second  # utime + stime
        table[int(entry.name)] = _Process(int(fields[1]), cpu, postgres)
    return table


def _process_tree(root: int, table: dict[int, _Process]) -> set[int]:
    """``root`` and its descendants (the uvicorn workers)."""
    tree = {root}
    while True:
        more = {pid for pid, proc in table.items() if proc.parent in tree} - tree
        if not more:
            return tree
        tree |= more


def _cpu_spent(before: dict[int, _Process], after: dict[int, _Process], pids: set[int]) -> float:
    """CPU seconds ``pids`` spent between two readings (a process born meanwhile counts
    whole)."""
    return sum(
        after[pid].cpu_s - (before[pid].cpu_s if pid in before else 0.0)
        for pid in pids
        if pid in after
    )


def _request_file(
    sessions: list[tuple[str, list[dict[str, Any]]]], folder: Path, threads: int
) -> Path:
    """One file per wrk thread (``requests.tsv.<thread>``; session k goes to thread k mod
    threads), a line per upload in order: path, token, block index, JSON body (tab separated).
    Each thread reads only its own file, so starting wrk costs next to nothing."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "requests.tsv"
    lines: list[list[str]] = [[] for _ in range(threads)]
    for k, (token, blocks) in enumerate(sessions):
        for index, payload in enumerate(blocks, 1):
            body = json.dumps(payload, separators=(",", ":"))
            lines[k % threads].append(
                f"/api/v1/participant/blocks/{index}\t{token}\t{index}\t{body}\n"
            )
    for k, own in enumerate(lines):
        Path(f"{path}.{k}").write_text("".join(own), encoding="utf-8")
    return path


def _load(
    base_url: str,
    requests: Path,
    args: argparse.Namespace,
    label: str,
    mode: str,
    server: subprocess.Popen[bytes],
) -> RunResult:
    """Replay the uploads with wrk for ``args.seconds``: one keep-alive connection per thread.
    Also reads the CPU time the server's processes and PostgreSQL's spent meanwhile."""
    threads = args.concurrency
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{threads}",
        f"-d{args.seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(HERE / "bench_load.lua"),
        base_url,
        "--",
        str(requests),
        mode,
    ]
    before = _processes()
    output = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    after = _processes()
    server_cpu = _cpu_spent(before, after, _process_tree(server.pid, after))
    database_cpu = _cpu_spent(before, after, {pid for pid, p in after.items() if p.postgres})
    stats = json.loads(output.strip().splitlines()[-1])
    if stats["exhausted"]:
        label += f" (!! {stats['exhausted']} threads ran out of participants: raise --sessions)"
    errors = stats["errors"] + stats["socket_errors"]
    percentiles = (stats["p50"], stats["p95"], stats["p99"])
    return RunResult(
        label,
        stats["requests"],
        errors,
        stats["seconds"],
        percentiles,
        server_cpu,
        database_cpu,
    )


def _run_app(database_url: str, requests: Path, args: argparse.Namespace, label: str) -> RunResult:
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
        return _load(f"http://127.0.0.1:{port}", requests, args, label, "once", proc)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _run_bare(requests: Path, args: argparse.Namespace) -> RunResult:
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
        label = "bare FastAPI (validation only)"
        return _load(f"http://127.0.0.1:{port}", requests, args, label, "cycle", proc)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _settle(engine: Engine) -> None:
    """Let the database finish the aftermath of preparing thousands of sessions (statistics,
    a checkpoint of the ~200 MB they wrote) before the timed run, not during it."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("VACUUM ANALYZE"))
            conn.execute(text("CHECKPOINT"))
        else:
            conn.execute(text("ANALYZE"))
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


def _prepared(database_url: str, n: int) -> list[Any]:
    upgrade(database_url)
    engine = build_engine(database_url)
    try:
        with build_sessionmaker(engine)() as db:
            sessions = prepare_sessions(db, Settings(database_url=database_url, mode=Mode.TEST), n)
        _settle(engine)
        return sessions
    finally:
        engine.dispose()


@contextmanager
def _postgres_database(url: str) -> Iterator[str]:
    """A throwaway database on the server of ``url``, dropped afterwards."""
    name = f"iat_bench_{os.getpid()}"
    admin = create_engine(
        make_url(url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )

    def run(sql: str) -> None:
        with admin.connect() as conn:
            conn.execute(text(sql))

    run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    run(f"CREATE DATABASE {name}")
    try:
        yield (
            make_url(url)
            .set(drivername="postgresql+psycopg", database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


def _row(result: RunResult, bare: RunResult) -> str:
    per_request = 1000 / max(result.requests, 1)
    return (
        f"| {result.label} | {result.requests} | {result.errors} | {result.rps:.0f} | "
        "{:.1f} | {:.1f} | {:.1f} | ".format(*result.percentiles_ms)
        + f"{result.rps / bare.rps:.2f} | {result.server_cpu_s * per_request:.2f} | "
        f"{result.database_cpu_s * per_request:.2f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sessions", type=int, default=3000, help="participants (7 uploads each, in order)"
    )
    parser.add_argument("--seconds", type=int, default=8, help="duration of each wrk run")
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
    rows = []
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        folder = Path(tmp)
        databases = [(f"sqlite:///{tmp}/bench.sqlite3", "SQLite (WAL)", "sqlite")]
        if not args.skip_postgres:
            pg_url = stack.enter_context(_postgres_database(args.postgres_url))
            databases.append((pg_url, "PostgreSQL", "postgres"))
        for url, name, subfolder in databases:
            requests = _request_file(
                _prepared(url, args.sessions), folder / subfolder, args.concurrency
            )
            # The bare endpoint runs right before each server: the machine's speed drifts
            # over minutes (shared VM), so each ratio compares neighbours.
            bare = _run_bare(requests, args)
            rows.append(_row(bare, bare))
            rows.append(_row(_run_app(url, requests, args, f"iat serve, {name}"), bare))
    print_table(
        f"{args.concurrency} concurrent participants uploading 40-trial blocks for "
        f"{args.seconds} s per server ({args.sessions} sessions prepared), "
        f"{args.workers} uvicorn workers",
        rows,
    )


def print_table(title: str, rows: list[str]) -> None:
    """The results as bench/RESULTS.md records them, with the machine's load."""
    print(f"\n{title}; load: {os.getloadavg()[0]:.2f}\n")
    print(
        "| server | requests | errors | req/s | p50 ms | p95 ms | p99 ms | ratio to bare "
        "| server CPU ms/req | PostgreSQL CPU ms/req |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
