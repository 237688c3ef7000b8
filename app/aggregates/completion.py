"""Participation counts of each group: every invited participant in exactly one state.

These are live (shown while the campaign is open, unlike the results) and say how many of the
completions came through the team's open link.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from app.aggregates.groups import Group
from app.aggregates.schemas import CompletionRead
from app.domain import SessionState


def completion_counts(
    groups: list[Group], rows: Sequence[tuple[int, str | None, bool, bool]]
) -> list[CompletionRead]:
    """Progress counts per group from (team, state, withdrawn, via open link) per participant."""
    team_of = np.array([team for team, _, _, _ in rows], dtype=np.int64)
    state = np.array([_state(s, withdrawn) for _, s, withdrawn, _ in rows], dtype=object)
    via_open = np.array([bool(via) for _, _, _, via in rows], dtype=bool)
    return [_counts(state[g.mask(team_of)], via_open[g.mask(team_of)]) for g in groups]


def _state(state: str | None, withdrawn: bool) -> str:
    if withdrawn:
        return SessionState.WITHDRAWN
    return state or SessionState.INVITED


def _counts(states: NDArray[np.object_], via_open: NDArray[np.bool_]) -> CompletionRead:
    counts = Counter(states.tolist())
    invited = len(states)
    completed = states == SessionState.COMPLETED
    return CompletionRead(
        invited=invited,
        not_started=counts[SessionState.INVITED],
        consented=counts[SessionState.CONSENTED],
        in_progress=counts[SessionState.IN_PROGRESS],
        completed=counts[SessionState.COMPLETED],
        completed_open_link=int(np.count_nonzero(completed & via_open)),
        declined=counts[SessionState.DECLINED],
        withdrawn=counts[SessionState.WITHDRAWN],
        completion_rate=counts[SessionState.COMPLETED] / invited if invited else None,
    )
