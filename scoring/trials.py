"""Trials of the four critical blocks as a struct of arrays, one element per trial."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from scoring.errors import InvalidTrialsError, NoCriticalTrialsError

CELLS = ("A_practice", "B_practice", "A_test", "B_test")
"""Order of the four critical blocks on every ``(..., 4)`` axis: cell = 2 * is_test + is_b."""
MAX_STRATA = 64
"""Stratum codes lie in ``[0, MAX_STRATA)``: kinds or categories, not stimuli."""


@dataclass(frozen=True, eq=False)
class TrialArrays:
    """Critical trials (B3, B4, B6, B7) of many participants, validated.

    Parameters
    ----------
    participant : ndarray of int
        Participant code per trial, ``0 <= code < len(labels)``.
    labels : ndarray
        Participant label per code. A label may have no trial (it is then reported with the
        ``missing_block`` flag and a NaN score).
    is_a : ndarray of bool
        True in pairing A (the hypothesis pairing), False in pairing B.
    is_test : ndarray of bool
        True in the test block, False in the practice block of the pairing.
    latency_ms : ndarray of float
        Latency to the correct response (includes correction time after an error).
    error : ndarray of bool
        True when the first response was wrong.
    first_latency_ms : ndarray of float, optional
        Latency to the first response; defaults to ``latency_ms`` (when unknown).
    stratum : ndarray of int, optional
        Stimulus kind (e.g. 0 target, 1 attribute) or category code per trial,
        ``0 <= code < MAX_STRATA``. When given, split halves are balanced within each stratum
        (see :mod:`scoring.reliability`); D itself does not depend on it.

    Notes
    -----
    Row order matters only for the split halves: within a participant and block, trials are
    taken in the order of the arrays. Latencies must be finite and >= 0.

    Raises
    ------
    InvalidTrialsError
        Mismatched lengths, participant or stratum codes out of range, non-finite or negative
        latencies.
    NoCriticalTrialsError
        No trial at all.
    """

    participant: NDArray[np.intp]
    labels: NDArray[Any]
    is_a: NDArray[np.bool_]
    is_test: NDArray[np.bool_]
    latency_ms: NDArray[np.float64]
    error: NDArray[np.bool_]
    first_latency_ms: NDArray[np.float64] = field(default=None)  # type: ignore[arg-type]
    stratum: NDArray[np.intp] | None = None

    def __post_init__(self) -> None:
        latency = _float_array(self.latency_ms, "latency_ms")
        first = latency if self.first_latency_ms is None else self.first_latency_ms
        arrays = {
            "participant": np.asarray(self.participant, dtype=np.intp),
            "is_a": _bool_array(self.is_a, "is_a"),
            "is_test": _bool_array(self.is_test, "is_test"),
            "latency_ms": latency,
            "first_latency_ms": _float_array(first, "first_latency_ms"),
            "error": _bool_array(self.error, "error"),
        }
        if self.stratum is not None:
            arrays["stratum"] = _stratum_codes(self.stratum)
        _check_lengths(arrays)
        object.__setattr__(self, "labels", np.asarray(self.labels))
        _check_codes(np.asarray(arrays["participant"], dtype=np.intp), len(self.labels))
        for name, value in arrays.items():
            object.__setattr__(self, name, value)

    @property
    def n_participants(self) -> int:
        """Number of participant labels (with or without trials)."""
        return len(self.labels)

    @property
    def n_trials(self) -> int:
        """Number of critical trials."""
        return len(self.latency_ms)

    @property
    def cell(self) -> NDArray[np.intp]:
        """Block index per trial in :data:`CELLS` order (0 A practice ... 3 B test)."""
        cell = np.left_shift(self.is_test.astype(np.intp), 1)
        cell |= ~self.is_a
        return cell

    @classmethod
    def from_labels(
        cls,
        participant: ArrayLike,
        pairing: ArrayLike,
        stage: ArrayLike,
        latency_ms: ArrayLike,
        error: ArrayLike,
        first_latency_ms: ArrayLike | None = None,
        stratum: ArrayLike | None = None,
    ) -> TrialArrays:
        """Build from participant labels and ``"A"``/``"B"``, ``"practice"``/``"test"`` strings.

        ``pairing`` may also be booleans (True = A) and ``stage`` booleans (True = test).
        Participant codes follow the order of first appearance; ``stratum`` may be any labels
        (e.g. ``"target"``/``"attribute"``), coded in sorted order of the distinct values.

        Raises
        ------
        InvalidTrialsError
            An unknown pairing or stage value (named in the message), or any check of the class.
        """
        labels, codes = factorize(np.asarray(participant))
        return cls(
            participant=codes,
            labels=labels,
            is_a=_flag_from_text(pairing, "A", "B", "pairing"),
            is_test=_flag_from_text(stage, "test", "practice", "stage"),
            latency_ms=np.asarray(latency_ms, dtype=np.float64),
            error=np.asarray(error),
            first_latency_ms=np.asarray(
                latency_ms if first_latency_ms is None else first_latency_ms, dtype=np.float64
            ),
            stratum=None if stratum is None else _codes(stratum),
        )


def factorize(values: NDArray[Any]) -> tuple[NDArray[Any], NDArray[np.intp]]:
    """Unique values in order of first appearance, and the code of each element."""
    uniques, first, inverse = np.unique(values, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return uniques[order], rank[inverse.reshape(-1)].astype(np.intp)


def _codes(values: ArrayLike) -> NDArray[np.intp]:
    return np.unique(np.asarray(values), return_inverse=True)[1].reshape(-1).astype(np.intp)


def _stratum_codes(values: ArrayLike) -> NDArray[np.intp]:
    array = np.asarray(values)
    if array.ndim != 1 or (array.size and array.dtype.kind not in "iub"):
        raise InvalidTrialsError("stratum must be a one-dimensional array of integer codes")
    codes = array.astype(np.intp)
    if codes.size and (codes.min() < 0 or codes.max() >= MAX_STRATA):
        raise InvalidTrialsError(f"stratum codes must lie in [0, {MAX_STRATA})")
    return codes


def _flag_from_text(values: ArrayLike, true: str, false: str, name: str) -> NDArray[np.bool_]:
    array = np.asarray(values)
    if array.dtype == np.bool_:
        return array
    text = np.char.lower(np.char.strip(array.astype(str)))
    bad = ~np.isin(text, [true.lower(), false.lower()])
    if bad.any():
        raise InvalidTrialsError(
            f"{name} must be {true!r} or {false!r}; found {str(array[bad][0])!r}"
        )
    return np.asarray(text == true.lower())


def _float_array(values: ArrayLike, name: str) -> NDArray[np.float64]:
    if values is None:
        raise InvalidTrialsError(f"{name} is required")
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1:
        raise InvalidTrialsError(f"{name} must be one-dimensional")
    if not np.isfinite(array).all() or (array < 0).any():
        bad = np.flatnonzero(~np.isfinite(array) | (array < 0))[0]
        raise InvalidTrialsError(f"{name} must be finite and >= 0; trial {bad} is {array[bad]}")
    return array


def _bool_array(values: ArrayLike, name: str) -> NDArray[np.bool_]:
    if values is None:
        raise InvalidTrialsError(f"{name} is required")
    array = np.asarray(values)
    if array.dtype != np.bool_:
        if not np.isin(array, (0, 1)).all():
            raise InvalidTrialsError(f"{name} must be boolean (or 0/1)")
        array = array.astype(np.bool_)
    return array


def _check_lengths(arrays: dict[str, NDArray[Any]]) -> None:
    lengths = {name: a.shape for name, a in arrays.items()}
    if len(set(lengths.values())) != 1:
        raise InvalidTrialsError(f"trial arrays differ in shape: {lengths}")
    if next(iter(lengths.values()))[0] == 0:
        raise NoCriticalTrialsError("no critical trial to score")


def _check_codes(codes: NDArray[np.intp], n_labels: int) -> None:
    if codes.min() < 0 or codes.max() >= n_labels:
        raise InvalidTrialsError(f"participant codes must lie in [0, {n_labels})")
