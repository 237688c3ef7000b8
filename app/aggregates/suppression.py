"""Which group figures may be shown: primary and complementary suppression (DESIGN §6).

The rule, applied server-side to every figure separately (IAT results with the campaign's
``min_group_size_iat``; the questionnaire row, and then each subscale cell counted on the people
with a score on that subscale, with ``min_group_size_questionnaire``; the minimum is never taken
below 3). People who came through a team's open link are not counted unless the campaign's
policy allows it (``open_link_counts_toward_minimum``):

1. **Primary.** A group counted over fewer than ``minimum`` people is suppressed (an empty group
   shows nothing either).
2. **Complementary.** Groups nest: a team's figure covers its own members and every team below
   it, and the campaign row covers everybody. For each visible group P, take its *visible
   frontier*: the visible groups below P reached without passing through another visible group.
   The residual ``n(P) − Σ n(frontier)`` is a group anyone could isolate by subtraction (counts,
   and means via sums). When it lies between 1 and ``minimum − 1``, the smallest group of the
   frontier (ties: the lowest key) is suppressed too, and the check is repeated until every
   residual is 0 or at least ``minimum``.

Suppressing a frontier node only changes its nearest visible ancestor's residual, and only makes
it grow, so the loop ends. The result does not depend on who looks: managers get the same
suppressed table, cut to their teams.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

ABSOLUTE_MINIMUM = 3


class WithheldReason(StrEnum):
    """Why a figure is not shown (the dashboard names it in the cell, the guide explains it)."""

    UNPUBLISHED = "unpublished"  # the campaign is open: results wait for it to close
    SMALL_GROUP = "small_group"  # fewer people behind the figure than the minimum (rule 1)
    SUBTRACTION = "subtraction"  # a larger group minus it would isolate a small group (rule 2)
    ROW_WITHHELD = "row_withheld"  # a subscale cell of a group whose questionnaire row is hidden


@dataclass(frozen=True)
class GroupNode:
    """A group in the nesting tree: ``key`` (team id, or 0 for the campaign), its parent, n."""

    key: int
    parent: int | None
    n: int


def effective_minimum(minimum: int) -> int:
    """The policy's minimum, never below 3."""
    return max(int(minimum), ABSOLUTE_MINIMUM)


def suppressed_keys(
    nodes: list[GroupNode], minimum: int, already: frozenset[int] = frozenset()
) -> set[int]:
    """Keys of the groups whose figures must not be shown (primary and complementary).

    ``already``: groups withheld for another reason (a subscale cell of a group whose whole
    questionnaire row is hidden); they count as hidden when the residuals are checked.
    """
    m = effective_minimum(minimum)
    hidden = {node.key for node in nodes if node.n < m} | set(already)
    children = _children(nodes)
    sizes = {node.key: node.n for node in nodes}
    changed = True
    while changed:
        changed = False
        for node in nodes:
            if node.key in hidden:
                continue
            extra = _complementary(node.key, sizes, children, hidden, m)
            if extra is not None:
                hidden.add(extra)
                changed = True
    return hidden


def withheld_reasons(
    nodes: list[GroupNode], minimum: int, already: frozenset[int] = frozenset()
) -> dict[int, WithheldReason]:
    """``suppressed_keys`` with the reason of each: ``already`` first, then primary, then
    complementary suppression."""
    small = {node.key for node in nodes if node.n < effective_minimum(minimum)}
    return {
        key: WithheldReason.ROW_WITHHELD
        if key in already
        else WithheldReason.SMALL_GROUP
        if key in small
        else WithheldReason.SUBTRACTION
        for key in suppressed_keys(nodes, minimum, already)
    }


def _children(nodes: list[GroupNode]) -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for node in nodes:
        if node.parent is not None:
            children.setdefault(node.parent, []).append(node.key)
    return children


def _frontier(key: int, children: Mapping[int, list[int]], hidden: set[int]) -> list[int]:
    """Visible groups below ``key`` reached through suppressed groups only."""
    found, stack = [], list(children.get(key, []))
    while stack:
        child = stack.pop()
        if child in hidden:
            stack.extend(children.get(child, []))
        else:
            found.append(child)
    return found


def _complementary(
    key: int,
    sizes: Mapping[int, int],
    children: Mapping[int, list[int]],
    hidden: set[int],
    m: int,
) -> int | None:
    """The frontier group to suppress below ``key``, or None when its residual is safe."""
    frontier = _frontier(key, children, hidden)
    residual = sizes[key] - sum(sizes[k] for k in frontier)
    if not frontier or not 1 <= residual < m:
        return None
    return min(frontier, key=lambda k: (sizes[k], k))
