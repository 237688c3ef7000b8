"""Helper of bench_scoring.py: time pyiat 0.2 ``analyze_iat`` on N synthetic participants.

Run in a subprocess so its pandas import and memory stay out of our measurements.
Prints one line: ``<participants> <seconds>``.
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd
from bench_scoring_data import synthetic_trials
from pyiat import analyze_iat


def main() -> None:
    n = int(sys.argv[1])
    trials = synthetic_trials(n, seed=1)
    frame = pd.DataFrame(
        {
            "subject": trials.participant,
            "rt": trials.latency_ms,
            "correct": (~trials.error).astype(int),
            "cond": ["A" if a else "B" for a in trials.is_a],
            "blk": trials.is_test.astype(int) + (~trials.is_a) * 2 + 1,
        }
    )
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analyze_iat(
            frame,
            subject="subject",
            rt="rt",
            correct="correct",
            condition="cond",
            cond1="B",
            cond2="A",
            block="blk",
            blocks=[1, 2, 3, 4],
        )
    print(n, time.perf_counter() - start)


if __name__ == "__main__":
    main()
