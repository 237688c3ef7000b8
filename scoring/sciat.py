"""Single-category IAT (SC-IAT) D score, vectorised across participants.

The SC-IAT (Karpinski & Steinman, 2006) has one target category and two attributes, in two
pairing conditions: target + attribute + on one key (pairing ``A``, e.g. Customer + Pleasant |
Unpleasant) and target + attribute − on one key (pairing ``B``). Only the critical trials of each
condition are scored. Per participant:

1. trials without a response (beyond the response window) are dropped;
2. trials faster than 350 ms are dropped;
3. each error latency is replaced by the condition's mean latency + 400 ms;
4. ``D = (M_B - M_A) / SD``, where ``M_c`` is the mean of condition ``c`` after replacement and
   ``SD`` the sample standard deviation (``n - 1``) of the correct trials of both conditions kept
   in step 2.

D > 0 means faster when the target shares a key with attribute + (target associated with +),
the same orientation as the IAT's D (faster in pairing ``A``).

This is implicitMeasures' ``compute_sciat`` (Epifania, Anselmi & Robusto, 2020) with its
``mappingA`` = our pairing ``B`` (target + attribute −) and ``mappingB`` = our ``A``; the package
computes ``(mean mappingA - mean mappingB) / SD``. Two of its choices are options here:
``error_base="all"`` (its default) takes the mean of step 3 over every kept trial, errors included,
as the package does; ``"correct"`` takes the mean of the correct trials, as Karpinski & Steinman's
text says. Trials slower than 10 000 ms are counted but, as in the package, not dropped. Accuracy
below 75 % in either condition (before the fast-trial drop) sets ``flag_low_accuracy``; the
participant keeps a score, as in the package.

Reliability: odd/even split-half with Spearman-Brown correction (as for the IAT, see
:mod:`scoring.reliability`): within each participant and condition, trials alternate between the
halves in recorded order (dropped trials keep their place); error replacements come from the full
condition; each half's D uses that half's means and SD.

Edge cases: a condition with no kept trial, or fewer than two kept correct trials in all, gives a
NaN D (and NaN half scores).

References
----------
Karpinski, A., & Steinman, R. B. (2006). The Single Category Implicit Association Test as a
measure of implicit social cognition. *Journal of Personality and Social Psychology*, 91(1),
16-32.

Epifania, O. M., Anselmi, P., & Robusto, E. (2020). implicitMeasures: An R package for scoring the
Implicit Association Test and the Single-Category Implicit Association Test. *Journal of Open
Source Software*, 5(52), 2394.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from scoring.errors import InvalidOptionsError, InvalidTrialsError
from scoring.groups import group_mean, group_sd, parity_in_group
from scoring.reliability import SplitHalf, split_half

FAST_MS = 350.0
SLOW_MS = 10_000.0
ERROR_PENALTY_MS = 400.0
MIN_ACCURACY = 0.75
ErrorBase = Literal["all", "correct"]


@dataclass(frozen=True)
class SciatResult:
    """SC-IAT scores, one element per participant label (in label order).

    Attributes
    ----------
    participant : ndarray
        Labels.
    d : ndarray of float
        ``(M_B - M_A) / SD``; NaN when not computable.
    mean_a_ms, mean_b_ms, sd_ms : ndarray of float
        Condition means after error replacement and the pooled SD of correct trials.
    accuracy_a, accuracy_b : ndarray of float
        Proportion of correct trials per condition, after the drops.
    n_trials, n_no_response, n_fast, n_slow : ndarray of int
        Trials recorded, without a response, dropped as < 350 ms, slower than 10 000 ms.
    flag_low_accuracy : ndarray of bool
        Accuracy below 75 % in a condition (before the fast-trial drop).
    split_half : SplitHalf
        Odd/even reliability over the participants with a finite D.
    halves : ndarray of float, shape (participants, 2)
        D of the odd and of the even half (the split-half's two columns).
    error_base : str
        The option used for the error replacement mean.
    """

    participant: NDArray[Any]
    d: NDArray[np.float64]
    mean_a_ms: NDArray[np.float64]
    mean_b_ms: NDArray[np.float64]
    sd_ms: NDArray[np.float64]
    accuracy_a: NDArray[np.float64]
    accuracy_b: NDArray[np.float64]
    n_trials: NDArray[np.int64]
    n_no_response: NDArray[np.int64]
    n_fast: NDArray[np.int64]
    n_slow: NDArray[np.int64]
    flag_low_accuracy: NDArray[np.bool_]
    split_half: SplitHalf
    halves: NDArray[np.float64]
    error_base: str


def compute_sciat_d(
    participant: ArrayLike,
    is_a: ArrayLike,
    latency_ms: ArrayLike,
    error: ArrayLike,
    no_response: ArrayLike | None = None,
    *,
    error_base: ErrorBase = "all",
) -> SciatResult:
    """Score the critical trials of SC-IATs (see the module docstring for the formula).

    Parameters
    ----------
    participant : array_like
        Participant label per trial.
    is_a : array_like of bool
        True in pairing A (target with attribute +), False in pairing B.
    latency_ms : array_like of float
        Latency of the response (finite, >= 0; ignored for trials without a response).
    error : array_like of bool
        True when the response was wrong.
    no_response : array_like of bool, optional
        True for trials that timed out without a response.
    error_base : {"all", "correct"}
        Mean used for the error replacement (``"all"``: implicitMeasures).

    Raises
    ------
    InvalidTrialsError
        Mismatched lengths, no trial, non-finite or negative latencies of answered trials.
    InvalidOptionsError
        Unknown ``error_base``.
    """
    if error_base not in ("all", "correct"):
        raise InvalidOptionsError(f"error_base must be 'all' or 'correct', not {error_base!r}")
    labels, code, cond, latency, err, silent = _validated(
        participant, is_a, latency_ms, error, no_response
    )
    n = len(labels)
    group = code * 2 + cond  # cond 1 = pairing A
    accuracy_all = group_mean((~err).astype(float), group, 2 * n, ~silent).reshape(n, 2)
    kept = ~silent & (latency >= FAST_MS)
    base_rows = kept if error_base == "all" else kept & ~err
    base = group_mean(latency, group, 2 * n, base_rows)
    replaced = np.where(err, base[group] + ERROR_PENALTY_MS, latency)
    means = group_mean(replaced, group, 2 * n, kept).reshape(n, 2)
    sd = group_sd(latency, code, n, kept & ~err)
    halves = _half_scores(code, group, n, replaced, latency, err, kept)
    d = (means[:, 0] - means[:, 1]) / sd
    accuracy = group_mean((~err).astype(float), group, 2 * n, kept).reshape(n, 2)
    return SciatResult(
        participant=labels,
        d=d,
        mean_a_ms=means[:, 1],
        mean_b_ms=means[:, 0],
        sd_ms=sd,
        accuracy_a=accuracy[:, 1],
        accuracy_b=accuracy[:, 0],
        n_trials=np.bincount(code, minlength=n).astype(np.int64),
        n_no_response=np.bincount(code, weights=silent, minlength=n).astype(np.int64),
        n_fast=np.bincount(code, weights=~silent & ~kept, minlength=n).astype(np.int64),
        n_slow=np.bincount(code, weights=~silent & (latency > SLOW_MS), minlength=n).astype(
            np.int64
        ),
        flag_low_accuracy=np.asarray((accuracy_all < MIN_ACCURACY).any(axis=1), dtype=bool),
        split_half=split_half(halves, np.isfinite(d)),
        halves=halves,
        error_base=error_base,
    )


def _half_scores(
    code: NDArray[np.intp],
    group: NDArray[np.intp],
    n: int,
    replaced: NDArray[np.float64],
    latency: NDArray[np.float64],
    err: NDArray[np.bool_],
    kept: NDArray[np.bool_],
) -> NDArray[np.float64]:
    """D in the odd and even halves, shape ``(participants, 2)``."""
    parity = parity_in_group(group)
    halves = np.full((n, 2), np.nan)
    for half in (0, 1):
        rows = kept & (parity == half)
        means = group_mean(replaced, group, 2 * n, rows).reshape(n, 2)
        sd = group_sd(latency, code, n, rows & ~err)
        halves[:, half] = (means[:, 0] - means[:, 1]) / sd
    return halves


def _validated(
    participant: ArrayLike,
    is_a: ArrayLike,
    latency_ms: ArrayLike,
    error: ArrayLike,
    no_response: ArrayLike | None,
) -> tuple[
    NDArray[Any],
    NDArray[np.intp],
    NDArray[np.intp],
    NDArray[np.float64],
    NDArray[np.bool_],
    NDArray[np.bool_],
]:
    labels, code = np.unique(np.asarray(participant), return_inverse=True)
    cond = np.asarray(is_a, dtype=bool).astype(np.intp)
    latency = np.asarray(latency_ms, dtype=float)
    err = np.asarray(error, dtype=bool)
    silent = np.zeros(len(latency), bool) if no_response is None else np.asarray(no_response, bool)
    if len({len(code), len(cond), len(latency), len(err), len(silent)}) != 1:
        raise InvalidTrialsError(
            "participant, is_a, latency_ms, error and no_response differ in length"
        )
    if len(code) == 0:
        raise InvalidTrialsError("no trial to score")
    answered = latency[~silent]
    if not np.isfinite(answered).all() or (answered < 0).any():
        raise InvalidTrialsError("latencies of answered trials must be finite and >= 0")
    latency = np.where(silent, 0.0, latency)
    return labels, code.astype(np.intp), cond, latency, err & ~silent, silent
