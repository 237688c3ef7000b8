"""Block uploads answered by ``iat``'s simulated respondent (demo data, benchmarks, tests).

The same shape the browser sends, so simulated sessions go through the real upload path.
"""

from __future__ import annotations

import numpy as np

from app.sessions.schemas import BlockUploadCreate, TrialUpload
from iat import RespondentProfile, SessionPlan, SimulatedTrial, simulate_responses


def _upload(trial: SimulatedTrial) -> TrialUpload:
    return TrialUpload(
        trial_index=trial.trial_index,
        stimulus_id=trial.stimulus_id,
        category=trial.category.value,
        correct_side=trial.correct_side.value,
        first_key=trial.first_response_key,
        first_latency_ms=trial.first_latency_ms,
        error=trial.error,
        latency_ms=trial.latency_to_correct_ms,
        onset_method="simulated",
        input_modality="keyboard",
        focus_lost=False,
    )


def simulated_block_uploads(
    plan: SessionPlan, rng: np.random.Generator, profile: RespondentProfile | None = None
) -> list[BlockUploadCreate]:
    """One upload per block of ``plan``, in order."""
    per_block: list[list[TrialUpload]] = [[] for _ in plan.blocks]
    for trial in simulate_responses(plan, rng, profile):
        per_block[trial.block_index - 1].append(_upload(trial))
    return [BlockUploadCreate(trials=rows) for rows in per_block]
