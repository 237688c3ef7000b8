"""Trial streaming against bare COPY, keyset pages and ``/scores`` at scale (issue 17, item 6).

Run: ``.venv/bin/python bench/bench_streaming.py [--database-url URL] [--participants N]``
(PostgreSQL; default URL: ``$IAT_BENCH_POSTGRES_URL``, e.g.
``postgresql+psycopg://postgres@127.0.0.1:5432/bench``, a database of its own).

Builds once (kept for the next run; drop the database to build it again) a ``named`` campaign of N
completed participants (default 20,000) with 180 trials each (3.6M trial rows), inserted by
``COPY FROM``. Then, in this process, times:

* bare ``COPY (SELECT <the export's columns, raw>) TO STDOUT (FORMAT csv)``, bytes only, in
  the research order (trial id) and in the HR export's (pseudonym, block, trial);
* the research ``trials.csv`` and ``trials.ndjson`` streams and the HR trials export
  (``app.exports.trial_stream``: the bytes the server sends), and their ratio to the bare
  COPY in the same order;
* the keyset ``trials`` walk (pages of 10,000 JSON rows);
* ``/scores``' use case (``research_scores.rescore``, n_boot 0) at N participants;

with the growth of the process's peak RSS over each. Targets: streams >= 50 % of bare COPY's
rows/s, RSS growth < 300 MB, keyset pages >= 100,000 rows/s, ``/scores`` < 5 s.
``--sqlite-participants M`` (default 2,000) adds the same streams on a SQLite copy (target
>= 100,000 rows/s).
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
from bench_export import _populate  # bench/ is on sys.path when run as a script
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from app.db.engine import build_engine, build_sessionmaker
from app.db.migrate import upgrade
from app.db.models import Campaign, Participant, ParticipantSession, Trial
from app.domain import ApiScope, IndividualResults
from app.exports import repository as export_repo
from app.exports import research_repository as research_repo
from app.exports import research_scores, research_trials, trial_stream
from app.exports.campaign_export import cli_scope, export_campaign
from app.exports.research_schemas import ScoreOptionsQuery
from app.exports.schemas import ExportFormat, ExportKind
from app.instruments.builtin import _study_id
from app.tokens.access import ResearchCaller

BLOCKS = ((1, "targets", None, None, 20), (2, "attributes", None, None, 20),
          (3, "combined", "A", "practice", 20), (4, "combined", "A", "test", 40),
          (5, "targets", None, None, 20), (6, "combined", "B", "practice", 20),
          (7, "combined", "B", "test", 40))  # fmt: skip
NAME = "bench"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _trial_lines(session_id: int, rng: np.random.Generator) -> Iterable[str]:
    for block, role, pairing, stage, size in BLOCKS:
        latencies = np.exp(rng.normal(6.6, 0.3, size)) + (80 if pairing == "B" else 0)
        errors = rng.random(size) < 0.07
        for i in range(size):
            first = float(latencies[i])
            latency = first + (float(rng.uniform(300, 900)) if errors[i] else 0.0)
            yield "\t".join((
                str(session_id), str(block), role, pairing or "\\N", stage or "\\N", str(i + 1),
                f"s{i % 12}", "target_a" if i % 2 else "good", "left", "e", repr(first),
                "t" if errors[i] else "f", repr(latency), "paint", "keyboard", "f",
            )) + "\n"  # fmt: skip


TRIAL_COLUMNS = (
    "session_id, block_index, block_role, pairing, stage, trial_index, stimulus_id, category, "
    "correct_side, first_key, first_latency_ms, error, latency_ms, onset_method, "
    "input_modality, focus_lost, created_at"
)


def _insert_trials(db: Session, sessions: list[int], postgres: bool) -> None:
    rng = np.random.default_rng(3)
    if postgres:
        raw = db.connection().connection.driver_connection
        with (
            raw.cursor() as cursor,
            cursor.copy(  # type: ignore[union-attr]
                f"COPY trials ({TRIAL_COLUMNS}) FROM STDIN"
            ) as copy,
        ):
            for session_id in sessions:
                lines = _trial_lines(session_id, rng)
                copy.write("".join(line[:-1] + "\tnow\n" for line in lines))
        return
    for session_id in sessions:
        rows = [line.rstrip("\n").split("\t") for line in _trial_lines(session_id, rng)]
        db.execute(insert(Trial), [_sqlite_row(row) for row in rows])


def _sqlite_row(cells: list[str]) -> dict[str, Any]:
    names = [n.strip() for n in TRIAL_COLUMNS.split(",")][:-1]
    row: dict[str, Any] = dict(zip(names, cells, strict=True))
    for name in ("session_id", "block_index", "trial_index"):
        row[name] = int(row[name])
    for name in ("first_latency_ms", "latency_ms"):
        row[name] = float(row[name])
    for name in ("error", "focus_lost"):
        row[name] = row[name] == "t"
    for name in ("pairing", "stage"):
        row[name] = None if row[name] == "\\N" else row[name]
    return row


def build(url: str, participants: int) -> int:
    """The campaign's id, building it when the database does not hold it yet (drop the
    database to build it again)."""
    upgrade(url)
    engine = build_engine(url)
    with build_sessionmaker(engine)() as db:
        found = db.scalar(select(Campaign.id).where(Campaign.name == NAME))
        if found is not None:
            return int(found)
        _, campaign_id = _populate(db, participants)
        db.execute(update(Campaign).where(Campaign.id == campaign_id).values(
            name=NAME, individual_results=IndividualResults.NAMED,
            study_id=_study_id(db, "default")))  # fmt: skip
        query = select(ParticipantSession.id).join(Participant).where(
            Participant.campaign_id == campaign_id)  # fmt: skip
        sessions = list(db.scalars(query.order_by(ParticipantSession.id)))
        _insert_trials(db, sessions, engine.dialect.name == "postgresql")
        db.commit()
    engine.dispose()
    return int(campaign_id)


def _timed(consume: Callable[[], int]) -> tuple[float, int, float]:
    before = _peak_mb()
    start = time.perf_counter()
    count = consume()
    return time.perf_counter() - start, count, _peak_mb() - before


def _drain(chunks: Iterable[bytes]) -> int:
    return sum(len(chunk) for chunk in chunks)


def _bare_copy(db: Session, campaign_id: int, hr_order: bool = False) -> int:
    """Bare COPY of the export's columns (raw values) in the research order (trial id) or the
    HR export's (pseudonym, block, trial)."""
    cells = [expr for _, expr, _ in trial_stream._kinds()]
    query = research_repo.trials_page_query(campaign_id, 0, 2**62, cells)
    if hr_order:
        query = export_repo.campaign_trials_query(campaign_id, cells)
    statement = f"COPY ({trial_stream._compiled(db, query)}) TO STDOUT (FORMAT csv)"
    raw = db.connection().connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
        return sum(len(row) for row in copy)


def _walk(db: Session, campaign_id: int) -> int:
    cursor = research_trials.Cursor(campaign_id, 0, research_repo.max_trial_id(db, campaign_id))
    total = 0
    while True:
        items, last = research_trials._page_rows(db, campaign_id, cursor, 10_000)
        total += len(",".join(items))
        if len(items) < 10_000 or last is None:
            return total
        cursor = research_trials.Cursor(campaign_id, last, cursor.mark)


Row = tuple[str, float, int, float, int]


def _cases(db: Session, campaign_id: int, postgres: bool) -> list[tuple[str, Callable[[], int]]]:
    """(name, run returning the bytes or participants it produced) of every measurement."""
    mark = research_repo.max_trial_id(db, campaign_id)
    organisation_id = int(db.scalar(select(Campaign.organisation_id)) or 0)
    caller = ResearchCaller(organisation_id=organisation_id, token_id=0, scopes=frozenset(ApiScope))

    def query_of(cells: list[Any]) -> Any:
        return research_repo.trials_page_query(campaign_id, 0, mark, cells)

    def hr_export() -> int:
        scope = cli_scope(db, campaign_id)
        file = export_campaign(db, scope, campaign_id, ExportKind.TRIALS, ExportFormat.CSV)
        return _drain(file.body())

    def scores() -> int:
        return len(
            research_scores.rescore(db, caller, campaign_id, ScoreOptionsQuery(), 0, 0).items
        )

    bare = [
        ("bare COPY (FORMAT csv)", lambda: _bare_copy(db, campaign_id)),
        ("bare COPY (FORMAT csv), HR order", lambda: _bare_copy(db, campaign_id, True)),
    ]
    bare = bare if postgres else []
    return [
        *bare,
        ("trials.csv stream", lambda: _drain(trial_stream.stream(db, query_of, "csv"))),
        ("trials.ndjson stream", lambda: _drain(trial_stream.stream(db, query_of, "ndjson"))),
        ("HR trials export", hr_export),
        ("keyset trials pages (10,000)", lambda: _walk(db, campaign_id)),
        ("/scores rescore (n_boot 0)", scores),
    ]


def measure(url: str, campaign_id: int, label: str) -> list[Row]:
    engine = build_engine(url)
    rows: list[Row] = []
    with build_sessionmaker(engine)() as db:
        n = int(db.scalar(select(func.count(Trial.id))) or 0)
        for name, consume in _cases(db, campaign_id, engine.dialect.name == "postgresql"):
            seconds, size, grown = _timed(consume)
            count = 0 if name.startswith("/scores") else n
            rows.append((f"{label}: {name}", seconds, count, grown, size))
    engine.dispose()
    return rows


def _print(rows: list[Row]) -> None:
    bare = {  # (backend, HR order) -> bare COPY's rows/s
        (r[0].split(":")[0], "HR" in r[0]): r[2] / r[1] for r in rows if "bare COPY" in r[0]
    }
    print("| case | seconds | rows/s | % of bare COPY | peak RSS growth MB | output |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, seconds, count, grown, size in rows:
        rate = count / seconds if count else 0.0
        base = bare.get((name.split(":")[0], "HR" in name))
        share = f"{100 * rate / base:.0f} %" if base and count else ""
        output = f"{size / 1e6:.0f} MB" if count else f"{size} participants"
        rate_text = f"{rate:,.0f}" if count else ""
        print(f"| {name} | {seconds:.2f} | {rate_text} | {share} | {grown:.0f} | {output} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("IAT_BENCH_POSTGRES_URL"))
    parser.add_argument("--participants", type=int, default=20_000)
    parser.add_argument("--sqlite-participants", type=int, default=2_000)
    args = parser.parse_args()
    if not args.database_url:
        parser.error("--database-url (or IAT_BENCH_POSTGRES_URL): a PostgreSQL database")
    backend = args.database_url.split(":")[0].split("+")[0]
    campaign_id = build(args.database_url, args.participants)
    rows = measure(args.database_url, campaign_id, f"{backend} {args.participants:,}")
    if args.sqlite_participants:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
            campaign_id = build(url, args.sqlite_participants)
            rows += measure(url, campaign_id, f"SQLite {args.sqlite_participants:,}")
    print(f"load average {os.getloadavg()[0]:.2f}")
    _print(rows)


if __name__ == "__main__":
    main()
