"""Which figures of a set of nested groups are withheld: one suppression per figure.

Every figure is counted on the people behind it, and only on those who count toward the
minimum (``counted``: not through an open link, unless the campaign's policy allows it):

* the IAT row: people with a usable D, against the IAT minimum;
* the questionnaire row: respondents (at least one subscale score), against the
  questionnaire minimum;
* each subscale cell (LEAD, CONN, AUTO): people with a score on that subscale, against the
  questionnaire minimum, a withheld questionnaire row counting as a withheld cell.

Each figure gets primary and complementary suppression (``aggregates_suppression``) on its own
counts, so a parent's cell minus its visible children's cells never isolates a small group
even when the rows themselves are safe.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from app.aggregates.iat_figures import IatSessions
from app.aggregates.questionnaire_figures import QuestionnaireSessions, respondents
from app.aggregates.suppression import GroupNode, WithheldReason, withheld_reasons

Reasons = Mapping[int, WithheldReason]  # group key → why its figure is withheld


@dataclass(frozen=True)
class Withheld:
    """The groups whose figure is withheld, per figure, and why."""

    iat: Reasons
    questionnaire: Reasons
    cells: dict[str, Reasons]  # subscale code → groups

    def hidden_codes(self, key: int) -> dict[str, WithheldReason]:
        """The subscale cells of group ``key`` that are withheld, and why."""
        return {code: keys[key] for code, keys in self.cells.items() if key in keys}


def everything_withheld(keys: Sequence[int], codes: Sequence[str]) -> Withheld:
    """Every figure of every group, before the campaign closes."""
    every = dict.fromkeys(keys, WithheldReason.UNPUBLISHED)
    return Withheld(every, every, {code: every for code in codes})


def withheld(
    tree: Sequence[tuple[int, int | None]],
    masks: Sequence[NDArray[np.bool_]],
    people: tuple[IatSessions, QuestionnaireSessions, NDArray[np.bool_]],
    minimums: tuple[int, int],
) -> Withheld:
    """Suppression of every figure of the groups ``tree`` ((key, parent key) per group, the
    people of each in ``masks``); ``people`` is (IAT, questionnaire, counted)."""
    iat, quest, counted = people
    m_iat, m_q = minimums
    with_d = np.isfinite(iat.d) & counted
    hidden_iat = _hide(tree, [_n(with_d & m) for m in masks], m_iat, frozenset())
    answered = respondents(quest) & counted
    hidden_q = _hide(tree, [_n(answered & m) for m in masks], m_q, frozenset())
    cells = {}
    for j, code in enumerate(quest.codes):
        scored = np.isfinite(quest.scores[:, j]) & counted
        cells[code] = _hide(tree, [_n(scored & m) for m in masks], m_q, frozenset(hidden_q))
    return Withheld(hidden_iat, hidden_q, cells)


def _n(mask: NDArray[np.bool_]) -> int:
    return int(np.count_nonzero(mask))


def _hide(
    tree: Sequence[tuple[int, int | None]],
    counts: list[int],
    minimum: int,
    already: frozenset[int],
) -> Reasons:
    nodes = [GroupNode(key, parent, n) for (key, parent), n in zip(tree, counts, strict=True)]
    return withheld_reasons(nodes, minimum, already)
