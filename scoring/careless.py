"""Careless-answering flags for the organisational questionnaire.

The flags *mark* people (or pages); they never remove or alter answers. Callers keep every answer
in the data, store the flags beside it, and decide per analysis whether flagged people are
excluded, so the decision stays visible and reversible.

References
    Curran, P. G. (2016). Methods for the detection of carelessly invalid responses in survey data.
    *Journal of Experimental Social Psychology*, 66, 4–19.
    Huang, J. L., Curran, P. G., Keeney, J., Poposki, E. M., & DeShon, R. P. (2012). Detecting and
    deterring insufficient effort responding to surveys. *Journal of Business and Psychology*, 27,
    99–114 (about 2 s per item as the lower bound of attentive reading).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from scoring.psychometrics import PsychometricsError, ShapeError

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


class DurationError(PsychometricsError):
    """A negative page duration or item count."""


@dataclass(frozen=True)
class SpeedingFlags:
    ms_per_item: FloatArray  # per person: total time / total items, over the timed pages
    too_fast: BoolArray  # per person: ms_per_item < threshold
    page_ms_per_item: FloatArray  # people × pages; NaN where untimed or without items
    page_too_fast: BoolArray  # people × pages


def straightlining(responses: ArrayLike, min_answered: int = 10) -> BoolArray:
    """Flag people whose answered items all carry the same raw answer.

    Uses raw answers, *before* reverse keying: giving the same answer to statements keyed in
    opposite directions is what makes the pattern suspicious (Curran 2016, long-string index at
    its extreme). A person is flagged when at least ``min_answered`` items are answered (NaN =
    "don't know", ignored) and their maximum equals their minimum; with fewer answered items the
    pattern is too plausible to mean anything, so they are not flagged.

    Returns one boolean per person. Raises :class:`ShapeError` if ``responses`` is not
    people × items.
    """
    x = np.asarray(responses, dtype=np.float64)
    if x.ndim != 2:
        raise ShapeError(f"responses must be 2-D (people × items), got {x.ndim}-D")
    answered = (~np.isnan(x)).sum(axis=1)
    same = np.fmax.reduce(x, axis=1) == np.fmin.reduce(x, axis=1)
    return np.asarray((answered >= min_answered) & same, dtype=np.bool_)


def speeding(
    page_durations_ms: ArrayLike, items_per_page: ArrayLike, min_ms_per_item: float = 2000.0
) -> SpeedingFlags:
    """Flag answering faster than ``min_ms_per_item`` per item (default 2 s; Huang et al. 2012).

    ``page_durations_ms`` is people × pages (time on each page, NaN when the page was not shown or
    not timed); ``items_per_page`` gives the number of items on each page, either one count per
    page (1-D) or people × pages. Per page: ms per item = duration / items, flagged when below
    the threshold (pages without items or duration give NaN and are not flagged). Per person:
    the total time over timed pages divided by their total items, flagged when below the
    threshold; a person with no timed page gets NaN and is not flagged.

    Raises :class:`ShapeError` when the shapes do not broadcast, :class:`DurationError` for a
    negative duration or count.
    """
    durations = np.asarray(page_durations_ms, dtype=np.float64)
    if durations.ndim != 2:
        raise ShapeError(f"page_durations_ms must be 2-D (people × pages), got {durations.ndim}-D")
    try:
        counts = np.broadcast_to(np.asarray(items_per_page, dtype=np.float64), durations.shape)
    except ValueError as exc:
        raise ShapeError("items_per_page must match the pages of page_durations_ms") from exc
    if np.any(durations < 0) or np.any(counts < 0):
        raise DurationError("page durations and item counts cannot be negative")
    timed = ~np.isnan(durations) & (counts > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        page_rate = np.where(timed, durations / counts, np.nan)
        rate = np.where(timed, durations, 0).sum(axis=1) / np.where(timed, counts, 0).sum(axis=1)
    return SpeedingFlags(rate, rate < min_ms_per_item, page_rate, page_rate < min_ms_per_item)
