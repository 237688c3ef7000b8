"""The groups a dashboard reports on: the whole campaign, then each campaign team as a tree.

A team's group covers the participants of that team and of every team below it in the
organisation's tree. Its parent group is the nearest ancestor that is also a campaign team (or
the campaign itself), which is also the nesting the suppression rule checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

CAMPAIGN_KEY = 0


@dataclass(frozen=True)
class Group:
    """``key`` is the team id (``CAMPAIGN_KEY`` for the whole campaign)."""

    key: int
    team_id: int | None
    name: str
    parent_key: int | None
    depth: int
    team_ids: frozenset[int] | None  # None: every participant of the campaign

    def mask(self, team_of_row: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Which rows (one team id each) belong to this group."""
        if self.team_ids is None:
            return np.ones(team_of_row.shape, dtype=bool)
        return np.isin(team_of_row, np.fromiter(self.team_ids, dtype=np.int64))


def build_groups(
    teams: Sequence[tuple[int, str, int | None]], campaign_team_ids: Iterable[int], title: str
) -> list[Group]:
    """The campaign group first, then campaign teams depth-first, siblings by name."""
    parent_of = {team_id: parent for team_id, _, parent in teams}
    names = {team_id: name for team_id, name, _ in teams}
    chosen = set(campaign_team_ids) & set(names)
    nearest = {t: _nearest_chosen(t, parent_of, chosen) for t in chosen}
    groups = [Group(CAMPAIGN_KEY, None, title, None, 0, None)]
    _append_children(groups, CAMPAIGN_KEY, 1, nearest, names, parent_of)
    return groups


def _nearest_chosen(team_id: int, parent_of: dict[int, int | None], chosen: set[int]) -> int:
    parent, seen = parent_of.get(team_id), {team_id}
    while parent is not None and parent not in chosen and parent not in seen:
        seen.add(parent)
        parent = parent_of.get(parent)
    return parent if parent in chosen else CAMPAIGN_KEY


def _append_children(
    groups: list[Group],
    key: int,
    depth: int,
    nearest: dict[int, int],
    names: dict[int, str],
    parent_of: dict[int, int | None],
) -> None:
    children = sorted((t for t, p in nearest.items() if p == key), key=lambda t: names[t])
    for team_id in children:
        members = frozenset(_subtree(team_id, parent_of))
        groups.append(Group(team_id, team_id, names[team_id], key, depth, members))
        _append_children(groups, team_id, depth + 1, nearest, names, parent_of)


def _subtree(root: int, parent_of: dict[int, int | None]) -> set[int]:
    """``root`` and every organisation team whose chain of parents reaches it."""
    found = {root}
    changed = True
    while changed:
        grown = {t for t, p in parent_of.items() if p in found} | found
        changed, found = grown != found, grown
    return found
