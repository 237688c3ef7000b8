"""Person-level table of a :class:`~scoring.dscore.DScoreResult`, ready to write as CSV."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from scoring.dscore import DScoreResult
from scoring.options import Variant


def score_columns(
    result: DScoreResult, variants: Mapping[Variant, DScoreResult] | None = None
) -> dict[str, NDArray[Any]]:
    """Columns in output order: ``participant, d, d_practice, d_test, excluded``, counts, rates,
    ``flags, band, se`` and, when ``variants`` is given, ``d1, d1_practice, d1_test, ...``.

    Floats are unrounded; NaN marks a value that does not exist (the writer leaves it empty).
    """
    counts = result.counts
    columns: dict[str, NDArray[Any]] = {
        "participant": result.participant,
        "d": result.d,
        "d_practice": result.d_practice,
        "d_test": result.d_test,
        "excluded": result.excluded.astype(np.int64),
        "n_trials": counts.n_trials,
        "n_kept": counts.n_kept,
        "n_slow": counts.n_slow,
        "n_fast": counts.n_fast,
        "n_errors": counts.n_errors,
        "error_rate": result.error_rate,
        "fast_rate": result.fast_rate,
        "flags": result.flags.label_array(),
        "band": result.band,
        "se": result.se,
    }
    for variant, other in (variants or {}).items():
        name = str(variant).lower()
        columns[name] = other.d
        columns[f"{name}_practice"] = other.d_practice
        columns[f"{name}_test"] = other.d_test
    return columns
