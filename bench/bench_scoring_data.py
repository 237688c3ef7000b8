"""Synthetic IAT trials for the scoring benchmark: 120 critical trials per participant.

Blocks of 20/20/40/40 trials (A practice, B practice, A test, B test), log-normal latencies with a
per-participant effect, 7 % errors slowed by a correction time, about 0.5 % fast and 0.1 % slow
trials. Trials are laid out participant by participant, block by block, as a store returns them.
"""

from __future__ import annotations

import numpy as np

from scoring.trials import TrialArrays

BLOCK_SIZES = np.array([20, 20, 40, 40])


def synthetic_trials(n_participants: int, seed: int = 0) -> TrialArrays:
    rng = np.random.default_rng(seed)
    cell = np.tile(np.repeat(np.arange(4), BLOCK_SIZES), n_participants)
    code = np.repeat(np.arange(n_participants), BLOCK_SIZES.sum())
    effect = rng.normal(80, 120, n_participants)[code] * (cell % 2)
    latency = np.exp(rng.normal(6.6, 0.3, len(cell))) + effect
    error = rng.random(len(cell)) < 0.07
    latency = latency + error * rng.uniform(300, 900, len(cell))
    latency = np.where(rng.random(len(cell)) < 0.005, rng.uniform(150, 400, len(cell)), latency)
    latency = np.where(
        rng.random(len(cell)) < 0.001, rng.uniform(10_000, 20_000, len(cell)), latency
    )
    return TrialArrays(
        participant=code,
        labels=np.arange(n_participants),
        is_a=cell % 2 == 0,
        is_test=cell >= 2,
        latency_ms=np.maximum(latency, 1.0),
        error=error,
    )
