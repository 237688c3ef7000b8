"""Participant uploads under load through a reverse proxy with two servers (issue 17, item 6).

The load of bench/bench_load.py (wrk, 64 concurrent participants uploading their seven
40-trial blocks in order) on PostgreSQL, three ways, one after the other:

- the bare FastAPI endpoint that only validates the payload (bench/bare_app.py), for the ratio;
- one ``iat serve --workers 2``, straight;
- nginx (round-robin, the tests' config: tests/support/proxy.py, access log with tokens
  redacted) in front of two ``iat serve --workers 1`` on one database: the same CPU budget
  as the straight server, plus the proxy's hop.

    .venv/bin/python bench/bench_proxy.py                    # needs nginx, wrk, PostgreSQL
    .venv/bin/python bench/bench_proxy.py --sessions 12000 --postgres-url postgresql://...

Each server run gets its own prepared participants (a replayed upload would be answered from
what is stored, not written again). Columns as in bench_load.py.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_load import (  # noqa: E402
    RunResult,
    _free_port,
    _load,
    _postgres_database,
    _prepared,
    _request_file,
    _row,
    _run_bare,
    _start,
    print_table,
)
from tests.support.proxy import run_nginx  # noqa: E402


def _serve(database_url: str, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    env = {**os.environ, "IAT_DATABASE_URL": database_url, "IAT_MODE": "test"}
    env |= {"IAT_SECRET_KEY": "bench", "IAT_TRUSTED_PROXIES": "127.0.0.1"}
    command = [sys.executable, "-m", "app.cli", "serve", "--port", str(port)]
    command += ["--workers", str(workers), "--no-upgrade-db"]
    return _start(command, env, port), port


@contextmanager
def _servers(database_url: str, count: int, workers: int) -> Iterator[list[int]]:
    with ExitStack() as stack:
        ports = []
        for _ in range(count):
            process, port = _serve(database_url, workers)
            stack.callback(process.wait, timeout=20)
            stack.callback(process.terminate)
            ports.append(port)
        yield ports


class _Tree:
    """A stand-in process for _load's CPU reading: the servers are children of this one."""

    pid = os.getpid()


def _straight(url: str, requests: Path, args: argparse.Namespace) -> RunResult:
    with _servers(url, 1, args.workers) as (port,):
        label = f"iat serve --workers {args.workers}, straight"
        return _load(f"http://127.0.0.1:{port}", requests, args, label, "once", _Tree())  # type: ignore[arg-type]


def _proxied(url: str, requests: Path, args: argparse.Namespace, tmp: Path) -> RunResult:
    with _servers(url, 2, max(1, args.workers // 2)) as ports:
        upstreams = [f"127.0.0.1:{port}" for port in ports]
        with run_nginx(upstreams, tmp) as proxy_url:
            label = f"nginx → 2 × iat serve --workers {max(1, args.workers // 2)}"
            return _load(proxy_url, requests, args, label, "once", _Tree())  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=3000, help="participants per run")
    parser.add_argument("--seconds", type=int, default=8, help="duration of each wrk run")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2, help="worker processes in all")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "IAT_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, _postgres_database(args.postgres_url) as url:
        folder = Path(tmp)
        sessions = _prepared(url, 2 * args.sessions)
        straight = _request_file(sessions[: args.sessions], folder / "a", args.concurrency)
        proxied = _request_file(sessions[args.sessions :], folder / "b", args.concurrency)
        bare = _run_bare(straight, args)
        rows = [_row(bare, bare), _row(_straight(url, straight, args), bare)]
        (folder / "nginx").mkdir()
        rows.append(_row(_proxied(url, proxied, args, folder / "nginx"), bare))
    print_table(
        f"{args.concurrency} concurrent participants uploading 40-trial blocks for "
        f"{args.seconds} s per run ({args.sessions} sessions each), PostgreSQL",
        rows,
    )


if __name__ == "__main__":
    main()
