"""Time session-plan generation and response simulation for the default study.

Run: ``.venv/bin/python bench/bench_plan.py [--repeats N]``. Prints median and
95th-percentile wall time per call, in milliseconds, for:

- ``generate_session_plan`` (default study, standard 7-block plan, 200 trials);
- ``model_dump(mode="json")`` of that plan (what the API sends);
- ``simulate_responses`` (typical respondent) on that plan.

Each call uses a new seed so caching cannot flatter the numbers.
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable

import numpy as np

from iat import RespondentProfile, default_study, generate_session_plan, simulate_responses


def _time_ms(call: Callable[[int], object], repeats: int) -> np.ndarray:
    durations = np.empty(repeats)
    for seed in range(repeats):
        start = time.perf_counter()
        call(seed)
        durations[seed] = (time.perf_counter() - start) * 1000.0
    return durations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=300)
    repeats = parser.parse_args().repeats
    study = default_study()
    plan = generate_session_plan(study, None, 0, "fr")
    profile = RespondentProfile.typical(effect_ms=100.0)
    cases: dict[str, Callable[[int], object]] = {
        "generate_session_plan": lambda seed: generate_session_plan(study, None, seed, "fr"),
        "plan.model_dump(json)": lambda seed: plan.model_dump(mode="json"),
        "simulate_responses": lambda seed: simulate_responses(
            plan, np.random.default_rng(seed), profile
        ),
    }
    for call in cases.values():
        call(0)  # warm-up: imports, pydantic schema caches, text templates
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, {repeats} repeats, "
        f"{plan.n_trials} trials per session"
    )
    print(f"{'case':<24}{'median ms':>12}{'p95 ms':>10}")
    for name, call in cases.items():
        durations = _time_ms(call, repeats)
        median, p95 = np.percentile(durations, [50, 95])
        print(f"{name:<24}{median:>12.3f}{p95:>10.3f}")


if __name__ == "__main__":
    main()
