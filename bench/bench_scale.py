"""Dashboards at organisation scale (issue 17, items 1 and 6), on PostgreSQL.

Builds (bench_scale_data.py, bulk COPY) a closed campaign of N finished participants (200 trials
each, 50 teams), times one full refresh of its stored aggregates in a separate process (time and
peak RSS), then starts ``iat serve --workers 2`` and measures, as a signed-in HR admin, the
median of ``--requests`` warm requests of: the campaign page, the dashboard page, its JSON
(``GET /api/v1/hr/campaigns/{id}/dashboard``), each of its three charts, the team export and
the research ``team-aggregates``; then 4 HR users opening the dashboard at once (the page, then
its three charts in parallel, as a browser does; 3 rounds): every answer, slowest user, errors;
and the peak RSS (VmHWM) of every server process.

    .venv/bin/python bench/bench_scale.py --participants 2000
    .venv/bin/python bench/bench_scale.py --participants 20000 --reuse   # keep and reuse the db

The database is ``iat_bench_scale_<N>`` on the server of ``--postgres-url`` (default
``$IAT_BENCH_POSTGRES_URL`` or postgresql://postgres@127.0.0.1:5432/postgres); ``--reuse``
keeps it after the run and skips building when it exists (20,000 takes minutes to build).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from sqlalchemy import create_engine, make_url, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.db.engine import build_engine  # noqa: E402
from app.db.migrate import upgrade  # noqa: E402
from bench.bench_load import _free_port, _process_tree, _processes  # noqa: E402
from bench.bench_scale_data import ADMIN, PASSWORD, build  # noqa: E402

LOG = Path(tempfile.gettempdir()) / "iat-bench-scale-server.log"
CHARTS = ("d-distribution", "iat-teams", "heatmap")
REFRESH_SCRIPT = """
import resource, sys, time
from sqlalchemy import delete, select
from app.db.engine import build_engine, build_sessionmaker
from app.db.models import AggregateChange, CampaignAggregate, SessionHalves
from app.aggregates.stored import refresh
engine = build_engine(sys.argv[1])
campaign = int(sys.argv[2])
with build_sessionmaker(engine)() as db:
    db.execute(delete(CampaignAggregate).where(CampaignAggregate.campaign_id == campaign))
    db.execute(delete(SessionHalves))
    db.commit()
    start = time.perf_counter()
    refresh(db, campaign, wait=True)
    cold = time.perf_counter() - start
    last = db.scalar(select(SessionHalves.session_id).order_by(SessionHalves.session_id.desc()))
    db.execute(delete(SessionHalves).where(SessionHalves.session_id == last))
    db.add(AggregateChange(campaign_id=campaign))  # as one finish records it
    db.commit()
    start = time.perf_counter()
    refresh(db, campaign, wait=True)
    one = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"{cold:.2f} {one:.2f} {peak}")
"""


def _database(args: argparse.Namespace) -> tuple[str, bool]:
    """The bench database's URL, and whether it must be built."""
    base = make_url(args.postgres_url).set(drivername="postgresql+psycopg")
    name = f"iat_bench_scale_{args.participants}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        found = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if found and not args.reuse:
            conn.execute(text(f'DROP DATABASE "{name}"'))
        if not found or not args.reuse:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = base.set(database=name).render_as_string(hide_password=False)
    return url, not (found and args.reuse)


def _campaign_id(url: str) -> int:
    engine = build_engine(url)
    with engine.connect() as conn:
        found = conn.scalar(text("SELECT max(id) FROM campaigns"))
    engine.dispose()
    assert found is not None, "the bench database has no campaign: run without --reuse"
    return int(found)


def _token(url: str) -> str:
    from sqlalchemy.orm import Session

    from app.domain import ApiScope
    from app.tokens.manage import issue_token

    engine = build_engine(url)
    with Session(engine) as db:
        org = db.scalar(text("SELECT max(id) FROM organisations"))
        _, secret = issue_token(db, int(org), "bench", tuple(ApiScope), None)
        db.commit()
    engine.dispose()
    return secret


def _refresh(url: str, campaign_id: int) -> str:
    done = subprocess.run(
        [sys.executable, "-c", REFRESH_SCRIPT, url, str(campaign_id)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return "n/a (no stored aggregates in this version)"
    cold, one, mb = done.stdout.split()
    return f"{cold} s from nothing, {one} s after one finish; peak RSS {mb} MB"


def _client(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=600)
    answer = client.post("/api/v1/hr/login", json={"email": ADMIN, "password": PASSWORD})
    answer.raise_for_status()
    client.headers["X-CSRF-Token"] = answer.json()["csrf_token"]
    return client


def _timed(client: httpx.Client, method: str, url: str, n: int, **kw: object) -> list[float]:
    times = []
    for _ in range(n + 1):  # the first one warms up and is left out
        start = time.perf_counter()
        answer = client.request(method, url, **kw)  # type: ignore[arg-type]
        times.append((time.perf_counter() - start) * 1000)
        if answer.status_code != 200:
            raise RuntimeError(f"{method} {url}: {answer.status_code} {answer.text[:200]}")
    return times[1:]


def _cases(campaign_id: int, token: str) -> list[tuple[str, str, str, dict[str, object]]]:
    board = f"/hr/campaigns/{campaign_id}/dashboard"
    cases: list[tuple[str, str, str, dict[str, object]]] = [
        ("campaign page", "GET", f"/hr/campaigns/{campaign_id}", {}),
        ("dashboard page", "GET", board, {}),
        ("dashboard JSON", "GET", f"/api/v1{board}", {}),
    ]
    cases += [(f"chart {c}", "GET", f"{board}/charts/{c}.svg", {}) for c in CHARTS]
    export = {"json": {"kind": "team", "format": "csv"}}
    cases.append(
        ("team export (csv)", "POST", f"/api/v1/hr/campaigns/{campaign_id}/exports", export)
    )
    research = {"headers": {"Authorization": f"Bearer {token}"}}
    url = f"/api/v1/campaigns/{campaign_id}/team-aggregates"
    cases.append(("research team-aggregates", "GET", url, research))
    return cases


def _user(client: httpx.Client, campaign_id: int) -> tuple[float, int]:
    """One signed-in HR user opening the dashboard: the page, then its charts in parallel."""
    errors = 0
    start = time.perf_counter()
    board = f"/hr/campaigns/{campaign_id}/dashboard"
    errors += client.get(board).status_code != 200
    with ThreadPoolExecutor(len(CHARTS)) as pool:
        codes = pool.map(lambda c: client.get(f"{board}/charts/{c}.svg").status_code, CHARTS)
        errors += sum(code != 200 for code in codes)
    return time.perf_counter() - start, errors


def _concurrent(base: str, campaign_id: int, users: int = 4, rounds: int = 3) -> str:
    slowest, errors, answers = 0.0, 0, 0
    clients = [_client(base) for _ in range(users)]  # signing in (Argon2id) is not timed
    for _ in range(rounds):
        with ThreadPoolExecutor(users) as pool:
            for seconds, failed in pool.map(lambda c: _user(c, campaign_id), clients):
                slowest, errors = max(slowest, seconds), errors + failed
                answers += 1 + len(CHARTS)
    for client in clients:
        client.close()
    return f"{answers - errors}/{answers} answers, slowest user {slowest * 1000:.0f} ms"


def _peak_rss_mb(pid: int) -> float:
    peak = 0
    for child in _process_tree(pid, _processes()):
        try:
            status = Path(f"/proc/{child}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]))
    return peak / 1024


def _serve(url: str, workers: int, app_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``iat serve`` on a free port, once it answers (its output in ``LOG``)."""
    port = _free_port()
    env = {**os.environ, "IAT_DATABASE_URL": url, "IAT_MODE": "test", "IAT_SECRET_KEY": "bench"}
    cmd = [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", str(workers)]
    with LOG.open("wb") as log:
        server = subprocess.Popen(cmd, env=env, cwd=app_dir, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # a loaded machine starts two workers slowly
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/healthz", timeout=2)
            return server, base
        except httpx.HTTPError:
            time.sleep(0.5)
    server.kill()
    raise RuntimeError(f"iat serve did not answer: see {LOG}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=2000)
    default_url = os.environ.get(
        "IAT_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    parser.add_argument("--postgres-url", default=default_url)
    parser.add_argument("--reuse", action="store_true", help="keep the database, reuse it")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--app-dir", type=Path, default=ROOT, help="serve another checkout (a 'before' run)"
    )
    args = parser.parse_args()
    url, fresh = _database(args)
    started = time.perf_counter()
    if args.app_dir == ROOT:  # another checkout's schema is that checkout's business
        upgrade(url)
    if fresh:
        build(build_engine(url), args.participants)
    built = time.perf_counter() - started
    campaign_id = _campaign_id(url)
    refresh = _refresh(url, campaign_id) if args.app_dir == ROOT else "n/a (another checkout)"
    token = _token(url)
    server, base = _serve(url, args.workers, args.app_dir)
    try:
        rows = []
        client = _client(base)
        for label, method, path, kw in _cases(campaign_id, token):
            times = _timed(client, method, path, args.requests, **kw)
            rows.append((label, statistics.median(times), max(times)))
        client.close()
        together = _concurrent(base, campaign_id)
        peak = _peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not args.reuse:
            _drop(args, url)
    load = os.getloadavg()[0]
    print(f"{args.participants} finished participants, PostgreSQL, iat serve --workers "
          f"{args.workers}; database {'built' if fresh else 'reused'} in {built:.0f} s; "
          f"load {load:.2f}")  # fmt: skip
    print(f"full refresh of the stored aggregates (separate process): {refresh}\n")
    print(f"| request | median ms ({args.requests} warm) | max ms |\n|---|---:|---:|")
    for label, median, worst in rows:
        print(f"| {label} | {median:.0f} | {worst:.0f} |")
    print(f"\n4 HR users opening the dashboard at once (page + 3 charts, 3 rounds): {together}")
    print(f"peak RSS of any server process: {peak:.0f} MB")


def _drop(args: argparse.Namespace, url: str) -> None:
    admin = create_engine(
        make_url(args.postgres_url).set(drivername="postgresql+psycopg"),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


if __name__ == "__main__":
    main()
