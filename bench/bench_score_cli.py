"""``iat score`` with its defaults against pyiat, end to end on the same file (issue 17, item 3).

Run: ``.venv/bin/python bench/bench_score_cli.py [--participants N] [--repeats R]``
(pyiat 0.2 comes with the ``bench`` extra: ``make venv``).

Writes once a trial file in the public datasets' format (``subject, block, block_index,
pairing, stage, critical, trial, stimulus, latency_ms, correct``; default 20,000 participants,
120 critical trials each, ``bench_scoring_data``) to a temporary folder, then times, as
separate processes, the median of R runs (default 3) of

* ``iat score FILE --out OUT`` (defaults: D, its halves, rates, flags, odd/even split-half;
  no bootstrap, no random splits);
* ``iat score FILE --out OUT --bootstrap 1000 --splits 100`` (the former defaults), once;
* pyiat: ``pandas.read_csv(FILE)`` then ``analyze_iat`` (its D, with its own exclusions).

Both read the same file and start from a fresh interpreter. Target: the default ``iat score``
at least 5x faster than pyiat.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scoring_data import synthetic_trials

ROOT = Path(__file__).resolve().parents[1]
IAT = ROOT / ".venv" / "bin" / "iat"


def write_file(path: Path, participants: int) -> int:
    """The trial file; returns its number of rows."""
    trials = synthetic_trials(participants, seed=1)
    pairing = np.where(trials.is_a, "A", "B")
    stage = np.where(trials.is_test, "test", "practice")
    block_index = 3 + trials.is_test + 3 * ~trials.is_a
    subject = np.char.add("P", trials.participant.astype(str))
    with path.open("w", encoding="utf-8") as out:
        out.write(
            "subject,block,block_index,pairing,stage,critical,trial,stimulus,latency_ms,correct\n"
        )
        for i in range(0, len(subject), 100_000):
            part = slice(i, i + 100_000)
            rows = zip(
                subject[part], block_index[part], pairing[part], stage[part],
                trials.latency_ms[part].tolist(), (~trials.error[part]).astype(int),
                strict=True,
            )  # fmt: skip
            out.writelines(
                f"{s},B{b}_combined,{b},{p},{st},1,1,s1,{lat!r},{c}\n"
                for s, b, p, st, lat, c in rows
            )
    return len(subject)


def run_pyiat(path: Path) -> None:
    """pyiat end to end on the file (called in a child process)."""
    import pandas as pd
    from pyiat import analyze_iat

    frame = pd.read_csv(path)
    frame["cond"] = frame["pairing"]
    frame["blk"] = (frame["stage"] == "test").astype(int) + (frame["pairing"] == "B") * 2 + 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analyze_iat(
            frame, subject="subject", rt="latency_ms", correct="correct", condition="cond",
            cond1="B", cond2="A", block="blk", blocks=[1, 2, 3, 4],
        )  # fmt: skip


def _seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--run-pyiat", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_pyiat:
        run_pyiat(args.run_pyiat)
        return
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "trials.csv", Path(tmp) / "scores.csv"
        rows = write_file(source, args.participants)
        ours = [str(IAT), "score", str(source), "--out", str(out)]
        pyiat = [sys.executable, __file__, "--run-pyiat", str(source)]
        cases = [
            ("iat score (defaults)", ours, args.repeats),
            ("iat score --bootstrap 1000 --splits 100", [*ours, "--bootstrap", "1000",
                                                         "--splits", "100"], 1),
            ("pyiat 0.2: read_csv + analyze_iat", pyiat, args.repeats),
        ]  # fmt: skip
        times = {name: statistics.median(_seconds(c) for _ in range(n)) for name, c, n in cases}
        size = source.stat().st_size / 1e6
    print(f"{args.participants:,} participants, {rows:,} rows, {size:.0f}"
          f" MB; load average {os.getloadavg()[0]:.2f}; median of {args.repeats}")  # fmt: skip
    print("| command | seconds | pyiat / this |")
    print("|---|---:|---:|")
    base = times["pyiat 0.2: read_csv + analyze_iat"]
    for name, seconds in times.items():
        print(f"| {name} | {seconds:.2f} | {base / seconds:.1f}x |")


if __name__ == "__main__":
    main()
