"""Grouped means, standard deviations and positions over flat trial arrays (no per-group loop).

A group is an integer code per trial (a participant, or a participant x condition cell);
``rows`` selects the trials that count. Empty groups give NaN; a standard deviation needs at
least two trials.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def group_mean(
    values: NDArray[np.float64], group: NDArray[np.intp], n_groups: int, rows: NDArray[np.bool_]
) -> NDArray[np.float64]:
    """Mean of ``values[rows]`` per group code in ``[0, n_groups)``; NaN for empty groups."""
    count = np.bincount(group[rows], minlength=n_groups).astype(float)
    total = np.bincount(group[rows], weights=values[rows], minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def group_sd(
    values: NDArray[np.float64], group: NDArray[np.intp], n_groups: int, rows: NDArray[np.bool_]
) -> NDArray[np.float64]:
    """Sample SD (``n - 1``) of ``values[rows]`` per group, two-pass; NaN below two trials."""
    mean = group_mean(values, group, n_groups, rows)
    count = np.bincount(group[rows], minlength=n_groups).astype(float)
    deviation = values[rows] - mean[group[rows]]
    squares = np.bincount(group[rows], weights=deviation**2, minlength=n_groups)
    return np.where(count > 1, np.sqrt(squares / np.maximum(count - 1, 1)), np.nan)


def position_in_group(group: NDArray[np.intp]) -> NDArray[np.intp]:
    """0-based position of each trial among the trials of its group, in array order."""
    order = np.argsort(group, kind="stable")
    sorted_groups = group[order]
    starts = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1]])
    lengths = np.diff(np.r_[starts, len(group)])
    ranks = np.arange(len(group)) - np.repeat(starts, lengths)
    position = np.empty(len(group), dtype=np.intp)
    position[order] = ranks
    return position


def parity_in_group(group: NDArray[np.intp]) -> NDArray[np.intp]:
    """0 for the 1st, 3rd, 5th... trial of each group, 1 for the 2nd, 4th..."""
    return position_in_group(group) % 2
