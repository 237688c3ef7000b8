"""Scoring benchmark: ``.venv/bin/python bench/bench_scoring.py`` prints a Markdown table.

Measures (synthetic data, 120 critical trials per participant, see bench_scoring_data.py):
all six D variants + odd/even split-half at 1k/10k/100k participants (time and peak traced
memory), bootstrap SE and random-split reliability (timed separately, per replicate), pyiat 0.2
on the same 100k data set in a subprocess (``--pyiat-n`` for a subset, then extrapolated),
and ``iat score`` end to end on a CSV (``--csv-n`` participants), with the share spent
reading the file.

The machine may be shared: the load average is printed with the table, and the CPU seconds of
this process (``time.process_time``, best run) are given beside the wall time of the in-process
measurements, since they are less sensitive to contention.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from bench_scoring_data import synthetic_trials  # noqa: E402

from scoring.bootstrap import bootstrap_se  # noqa: E402
from scoring.cells import prepare  # noqa: E402
from scoring.csv_input import read_trials_csv  # noqa: E402
from scoring.dscore import compute_d_variants  # noqa: E402
from scoring.options import Latency, SdTiming, SlowCut, Variant  # noqa: E402
from scoring.reliability import permutation_split_half  # noqa: E402

CPU_SECONDS: list[float] = []
"""CPU seconds of the best run of the latest :func:`timed` call (appended)."""


def timed(action: Callable[[], Any], repeat: int = 1) -> float:
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    CPU_SECONDS.append(best_cpu)
    return best


def cpu() -> str:
    return f"{CPU_SECONDS[-1]:.3f}"


def load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def peak_mb(action: Callable[[], Any]) -> float:
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument(
        "--pyiat-n",
        type=int,
        default=100_000,
        help="participants given to pyiat (default: the same 100k data set; about 40 s)",
    )
    parser.add_argument("--csv-n", type=int, default=100_000, help="participants in the CSV run")
    parser.add_argument("--boot", type=int, default=20, help="bootstrap replicates timed")
    parser.add_argument("--splits", type=int, default=5, help="random splits timed")
    args = parser.parse_args()
    rows = [
        f"{load()} at start, {os.cpu_count()} CPUs",
        "",
        "| measurement | participants | time (s) | CPU (s) | per 100k participants (s) | peak MB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    sizes = [int(s) for s in args.sizes.split(",")]
    for n in sizes:
        trials = synthetic_trials(n)
        seconds = timed(lambda t=trials: compute_d_variants(t), repeat=3)
        memory = peak_mb(lambda t=trials: compute_d_variants(t))
        data_mb = (
            sum(
                getattr(trials, f).nbytes
                for f in (
                    "participant",
                    "is_a",
                    "is_test",
                    "latency_ms",
                    "first_latency_ms",
                    "error",
                )
            )
            / 2**20
        )
        rows.append(
            f"| D1-D6 + odd/even split-half (data {data_mb:.0f} MB) | {n:,} | "
            f"{seconds:.3f} | {cpu()} | {seconds * 100_000 / n:.3f} | {memory:.0f} |"
        )
    n = sizes[-1]
    trials = synthetic_trials(n)
    prepared = prepare(trials, SlowCut.GT, Latency.TO_CORRECT)
    include = trials.labels >= 0
    boot = timed(lambda: bootstrap_se(prepared, Variant.D1, SdTiming.AFTER, args.boot, 0))
    boot_cpu = cpu()
    boot_mb = peak_mb(lambda: bootstrap_se(prepared, Variant.D1, SdTiming.AFTER, 4, 0))
    rows.append(
        f"| bootstrap SE, {args.boot} replicates (D1) | {n:,} | {boot:.3f} | {boot_cpu} | "
        f"{boot * 100_000 / n:.3f} | {boot_mb:.0f} |"
    )
    perm = timed(
        lambda: permutation_split_half(
            prepared, Variant.D1, SdTiming.AFTER, include, args.splits, 0
        )
    )
    rows.append(
        f"| random-split reliability, {args.splits} splits (D1) | {n:,} | {perm:.3f} | {cpu()} | "
        f"{perm * 100_000 / n:.3f} | |"
    )
    rows += pyiat_rows(args.pyiat_n, n, trials)
    rows += csv_rows(args.csv_n)
    rows.append(f"\n{load()} at end")
    print("\n".join(rows))


def _pyiat_seconds(n_pyiat: int) -> float:
    output = subprocess.run(
        [sys.executable, str(HERE / "bench_scoring_pyiat.py"), str(n_pyiat)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(output[1])


def pyiat_rows(n_pyiat: int, n_ours: int, trials: Any) -> list[str]:
    # Best of 3 (like timeit) on subsets, where single runs are noisy; one run on the full set.
    pyiat_seconds = min(_pyiat_seconds(n_pyiat) for _ in range(1 if n_pyiat >= 50_000 else 3))
    ours = timed(lambda: compute_d_variants(trials, variants=[Variant.D2]), repeat=3)
    ratio = (n_ours / ours) / (n_pyiat / pyiat_seconds)
    return [
        f"| pyiat 0.2 analyze_iat (D2-like), subprocess | {n_pyiat:,} | {pyiat_seconds:.3f} | | "
        f"{pyiat_seconds * 100_000 / n_pyiat:.1f}"
        f"{' (extrapolated)' if n_pyiat != 100_000 else ''} | |",
        f"| ours, D2 only | {n_ours:,} | {ours:.3f} | {cpu()} | {ours * 100_000 / n_ours:.3f} | |",
        f"| **throughput ratio ours / pyiat (D2)** | | | | **{ratio:.0f}x** | |",
    ]


def csv_rows(n: int) -> list[str]:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    trials = synthetic_trials(n, seed=2)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "trials.csv"
        table = pa.table(
            {
                "subject": trials.participant,
                "pairing": pa.array(["A", "B"]).take(pa.array((~trials.is_a).astype("int8"))),
                "stage": pa.array(["practice", "test"]).take(
                    pa.array(trials.is_test.astype("int8"))
                ),
                "latency_ms": trials.latency_ms,
                "correct": (~trials.error).astype("int8"),
            }
        )
        pacsv.write_csv(table, path)
        size_mb = path.stat().st_size / 2**20
        reading = timed(lambda: read_trials_csv(path))
        reading_cpu = cpu()
        command = [
            str(Path(sys.executable).parent / "iat"),
            "score",
            str(path),
            "--out",
            str(Path(folder) / "s.csv"),
            "--all-variants",
            "--bootstrap",
            "0",
            "--splits",
            "0",
        ]
        total = timed(lambda: subprocess.run(command, check=True, capture_output=True))
    return [
        f"| read_trials_csv ({size_mb:.0f} MB CSV, pyarrow) | {n:,} | {reading:.3f} | "
        f"{reading_cpu} | {reading * 100_000 / n:.3f} | |",
        f"| `iat score --all-variants` end to end (process start, read, score, write) | {n:,} | "
        f"{total:.3f} | | {total * 100_000 / n:.3f} | |",
    ]


if __name__ == "__main__":
    main()
