"""The team column of a pseudonymous export, coarsened so it cannot be joined with the roster.

HR sees in the roster who has finished. A pseudonymous row that names a team where only one or
two people finished would name them too. So a row carries its team only when at least the IAT
minimum of the export's rows carry that label:

1. from the deepest teams up, a team whose rows (its own, plus those its sub-teams handed up)
   reach the minimum labels them with its name; otherwise it hands them to its parent team,
   and a top-level team hands them to "no team" (an empty cell);
2. if the rows without a team would then number 1 to minimum − 1 (HR could tell who they
   are by subtraction), the smallest labelled group (ties: the name) loses its label too, until
   that residual is 0 or at least the minimum.
"""

from __future__ import annotations

from collections.abc import Sequence

Tree = Sequence[tuple[int, str, int | None]]  # (team id, name, parent id)


def team_labels(teams: Sequence[str], tree: Tree, minimum: int) -> list[str | None]:
    """The label of each row (its team's name, an ancestor's, or None), in the rows' order."""
    parent = _parent_names(tree)
    holding: dict[str, list[int]] = {}
    for row, name in enumerate(teams):
        holding.setdefault(name, []).append(row)
    labels: dict[str, list[int]] = {}
    unlabelled: list[int] = []
    for name in sorted(set(parent) | set(holding), key=lambda n: (-_depth(n, parent), n)):
        rows = holding.pop(name, [])
        if len(rows) >= minimum:
            labels[name] = rows
        elif parent.get(name) is not None:
            holding.setdefault(parent[name] or "", []).extend(rows)
        else:
            unlabelled.extend(rows)
    while 0 < len(unlabelled) < minimum and labels:
        smallest = min(labels, key=lambda n: (len(labels[n]), n))
        unlabelled.extend(labels.pop(smallest))
    found: list[str | None] = [None] * len(teams)
    for name, rows in labels.items():
        for row in rows:
            found[row] = name
    return found


def _parent_names(tree: Tree) -> dict[str, str | None]:
    names = {team_id: name for team_id, name, _ in tree}
    return {name: names.get(parent) if parent is not None else None for _, name, parent in tree}


def _depth(name: str, parent: dict[str, str | None]) -> int:
    depth, seen, current = 0, {name}, parent.get(name)
    while current is not None and current not in seen:
        seen.add(current)
        depth, current = depth + 1, parent.get(current)
    return depth
