"""A simulated respondent: realistic trials for demos, benchmarks and load tests.

Latencies follow an ex-Gaussian distribution (a normal plus an independent
exponential), the usual descriptive model of choice response times (Ratcliff,
1993; Heathcote, Popiel & Mewhort, 1991). Default parameters match typical IAT
data: combined blocks mu = 650 ms, sigma = 80 ms, tau = 200 ms (mean about
850 ms); single-category blocks 100 ms faster; about 6 % errors, each
corrected after a further ex-Gaussian delay (mu = 300, sigma = 60, tau = 100 ms)
when the study forces correction (Greenwald, Nosek & Banaji, 2003).

References
----------
Heathcote, A., Popiel, S. J., & Mewhort, D. J. K. (1991). Analysis of response time
distributions: An example using the Stroop task. *Psychological Bulletin*, 109(2), 340-347.

Ratcliff, R. (1993). Methods for dealing with reaction time outliers.
*Psychological Bulletin*, 114(3), 510-532.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field

from iat.errors import SimulationError
from iat.session_models import PlannedBlock, PlannedTrial
from iat.session_plan import SessionPlan
from iat.vocabulary import BlockRole, Category, ErrorMode, InputMode, Pairing, Side, Stage

FAST_GUESS_RANGE_MS = (150.0, 300.0)
MIN_LATENCY_MS = 100.0


class RespondentProfile(BaseModel):
    """How a simulated participant answers.

    Attributes
    ----------
    mu_ms, sigma_ms, tau_ms : float
        Ex-Gaussian parameters of first latencies in combined blocks.
    single_block_shift_ms : float
        Added in single-category blocks (negative: they are easier).
    effect_ms : float
        True mean latency of pairing B minus pairing A; > 0 makes A faster (D > 0).
        Half is subtracted in A blocks, half added in B blocks.
    error_rate : float
        Probability of a wrong first key on an ordinary trial.
    correction_mu_ms, correction_sigma_ms, correction_tau_ms : float
        Ex-Gaussian delay between the wrong key and the correct one.
    fast_trial_rate : float
        Share of fast guesses: latency uniform in 150-300 ms, right half the time.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    mu_ms: float = Field(default=650.0, ge=150.0, le=5000.0)
    sigma_ms: float = Field(default=80.0, ge=0.0, le=1000.0)
    tau_ms: float = Field(default=200.0, ge=0.0, le=3000.0)
    single_block_shift_ms: float = Field(default=-100.0, ge=-500.0, le=2000.0)
    effect_ms: float = Field(default=0.0, ge=-2000.0, le=2000.0)
    error_rate: float = Field(default=0.06, ge=0.0, le=1.0)
    correction_mu_ms: float = Field(default=300.0, ge=50.0, le=5000.0)
    correction_sigma_ms: float = Field(default=60.0, ge=0.0, le=1000.0)
    correction_tau_ms: float = Field(default=100.0, ge=0.0, le=3000.0)
    fast_trial_rate: float = Field(default=0.0, ge=0.0, le=1.0)

    @classmethod
    def typical(cls, effect_ms: float = 0.0) -> RespondentProfile:
        """An attentive participant with a true effect of ``effect_ms``."""
        return cls(effect_ms=effect_ms)

    @classmethod
    def from_d(cls, d: float, **parameters: float) -> RespondentProfile:
        """A participant whose expected D is about ``d`` (|d| < 2).

        With equal numbers of A and B trials the inclusive SD is
        ``s_incl^2 = s^2 + effect^2 / 4`` where ``s^2 = sigma^2 + tau^2``, so
        ``D = effect / s_incl`` gives ``effect = d s / sqrt(1 - d^2 / 4)``.
        Errors and their penalty add variance, so the realised D is slightly
        smaller in magnitude.
        """
        if not -2.0 < d < 2.0:
            raise SimulationError(f"d = {d} is outside the open interval (-2, 2)")
        base = cls(**parameters)
        spread = math.hypot(base.sigma_ms, base.tau_ms)
        effect = d * spread / math.sqrt(1.0 - d * d / 4.0)
        return base.model_copy(update={"effect_ms": effect})

    @classmethod
    def fast(cls) -> RespondentProfile:
        """Answers 40 % of trials by fast guesses: flagged by the < 300 ms rule."""
        return cls(fast_trial_rate=0.4)

    @classmethod
    def careless(cls) -> RespondentProfile:
        """Makes 40 % errors: flagged by the > 30 % error rule."""
        return cls(error_rate=0.4, mu_ms=550.0, tau_ms=150.0)


class SimulatedTrial(BaseModel):
    """One answered trial, with the trial fields of DESIGN section 2.

    ``first_response_key`` is the key of the side first answered (touch zones
    answer with the same keys); ``latency_to_correct_ms`` equals
    ``first_latency_ms`` on correct trials, and on error trials when the study
    does not force correction (the trial ends at the first response).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    block_index: int
    block_role: BlockRole
    pairing: Pairing | None
    stage: Stage | None
    trial_index: int
    stimulus_id: str
    category: Category
    correct_side: Side
    first_response_key: str
    first_response_side: Side
    first_latency_ms: float
    error: bool
    latency_to_correct_ms: float
    onset_method: Literal["simulated"] = "simulated"
    input_modality: InputMode
    focus_lost: bool = False


def ex_gaussian(
    rng: np.random.Generator, mu: float, sigma: float, tau: float, size: int
) -> NDArray[np.float64]:
    """Draw ``size`` ex-Gaussian values: Normal(mu, sigma) + Exponential(tau)."""
    normal = rng.normal(mu, sigma, size) if sigma > 0 else np.full(size, mu)
    tail = rng.exponential(tau, size) if tau > 0 else np.zeros(size)
    return np.asarray(normal + tail, dtype=np.float64)


def simulate_responses(
    session_plan: SessionPlan,
    rng: np.random.Generator,
    profile: RespondentProfile | None = None,
) -> list[SimulatedTrial]:
    """Answer every trial of ``session_plan`` as ``profile`` would.

    All random draws are vectorised and taken in a fixed order, so the same
    ``rng`` seed gives the same trials.

    Parameters
    ----------
    session_plan : SessionPlan
    rng : numpy.random.Generator
        Seeded by the caller (e.g. ``numpy.random.default_rng(seed)``).
    profile : RespondentProfile, optional
        Defaults to :meth:`RespondentProfile.typical` with no effect.

    Returns
    -------
    list of SimulatedTrial
        In presentation order, one per planned trial.
    """
    who = profile or RespondentProfile()
    rows = [(block, trial) for block in session_plan.blocks for trial in block.trials]
    size = len(rows)
    shift = np.array([_shift(block, who) for block, _ in rows])
    first = np.maximum(
        ex_gaussian(rng, who.mu_ms, who.sigma_ms, who.tau_ms, size) + shift, MIN_LATENCY_MS
    )
    guesses = rng.random(size) < who.fast_trial_rate
    first = np.where(guesses, rng.uniform(*FAST_GUESS_RANGE_MS, size), first)
    error = rng.random(size) < np.where(guesses, 0.5, who.error_rate)
    correction = ex_gaussian(
        rng, who.correction_mu_ms, who.correction_sigma_ms, who.correction_tau_ms, size
    )
    corrects = session_plan.error_mode is ErrorMode.FORCED_CORRECTION
    to_correct = np.where(error & corrects, first + np.maximum(correction, MIN_LATENCY_MS), first)
    return [
        _answer(session_plan, block, trial, float(f), bool(e), float(c))
        for (block, trial), f, e, c in zip(rows, first, error, to_correct, strict=True)
    ]


def _shift(block: PlannedBlock, profile: RespondentProfile) -> float:
    if block.pairing is None:
        return profile.single_block_shift_ms
    half = profile.effect_ms / 2.0
    return -half if block.pairing is Pairing.A else half


def _answer(
    plan: SessionPlan,
    block: PlannedBlock,
    trial: PlannedTrial,
    first_ms: float,
    error: bool,
    to_correct_ms: float,
) -> SimulatedTrial:
    side = trial.correct_side.other if error else trial.correct_side
    return SimulatedTrial(
        block_index=block.index,
        block_role=block.role,
        pairing=block.pairing,
        stage=block.stage,
        trial_index=trial.index,
        stimulus_id=trial.stimulus_id,
        category=trial.category,
        correct_side=trial.correct_side,
        first_response_key=plan.keys.for_side(side),
        first_response_side=side,
        first_latency_ms=first_ms,
        error=error,
        latency_to_correct_ms=to_correct_ms,
        input_modality=plan.input_mode,
    )
