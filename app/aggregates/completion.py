"""Participation counts of each group: every invited participant in exactly one state.

These are live (shown while the campaign is open, unlike the results) and say how many of the
completions came through the team's open link. Invited and completed are always shown (the
roster says who has finished anyway). The breakdown of those who have not finished (not
started, consented, in progress, declined, withdrawn) would tell who refused when few have not
finished, so it is shown only for groups where at least the IAT minimum have not finished,
with complementary suppression over the team tree (a parent's breakdown minus its visible
children's never isolates a small group); a group where everyone finished shows zeros.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from app.aggregates.groups import Group
from app.aggregates.schemas import CompletionRead
from app.aggregates.suppression import GroupNode, WithheldReason, withheld_reasons
from app.domain import SessionState

# The not-finished breakdown, withheld together (they partition the same people).
BREAKDOWN = ("not_started", "consented", "in_progress", "declined", "withdrawn")


def completion_counts(
    groups: list[Group], rows: Sequence[tuple[int, str | None, bool, bool]], minimum_iat: int
) -> list[CompletionRead]:
    """Progress counts per group from (team, state, withdrawn, via open link) per participant;
    the not-finished breakdown withheld (None) as the module docstring says."""
    team_of = np.array([team for team, _, _, _ in rows], dtype=np.int64)
    state = np.array([_state(s, withdrawn) for _, s, withdrawn, _ in rows], dtype=object)
    via_open = np.array([bool(via) for _, _, _, via in rows], dtype=bool)
    counts = [_counts(state[g.mask(team_of)], via_open[g.mask(team_of)]) for g in groups]
    nodes = [
        GroupNode(g.key, g.parent_key, c.invited - c.completed)
        for g, c in zip(groups, counts, strict=True)
    ]
    hidden = withheld_reasons(nodes, minimum_iat)
    return [
        _without_breakdown(c, hidden[g.key]) if g.key in hidden and c.invited > c.completed else c
        for g, c in zip(groups, counts, strict=True)
    ]


def _without_breakdown(counts: CompletionRead, reason: WithheldReason) -> CompletionRead:
    return counts.model_copy(update=dict.fromkeys(BREAKDOWN) | {"breakdown_withheld": reason})


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
