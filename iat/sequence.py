"""Seeded trial orders for one block: balanced, evenly used, never repeating.

Rules (Greenwald, McGhee & Schwartz, 1998; Greenwald, Nosek & Banaji, 2003):

- combined blocks alternate target and attribute trials (which kind opens the
  block is drawn);
- within a block, the two categories of each kind get counts that differ by at
  most one, and the stimuli of each category are used as evenly as possible
  (their counts differ by at most one);
- no stimulus appears twice in a row, neither in the session order nor within
  the target or attribute stream of a combined block (trial *i* and *i* + 2).

Items are ``(category, position)`` pairs, ``position`` counting stimuli from 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from iat.vocabulary import BlockRole, Category, Kind

Item = tuple[Category, int]


def split_evenly(total: int, parts: int, rng: np.random.Generator) -> list[int]:
    """Split ``total`` into ``parts`` counts differing by at most one.

    Which parts receive the remainder is drawn from ``rng``.
    """
    counts = [total // parts] * parts
    for part in rng.permutation(parts)[: total % parts].tolist():
        counts[part] += 1
    return counts


def arrange_without_repeats(
    counts: Sequence[int], rng: np.random.Generator, avoid: int | None = None
) -> list[int]:
    """Random order of a multiset with no two equal neighbours.

    Each step draws an item other than the previous one, with probability
    proportional to its remaining count, unless one item is so frequent that it
    must be placed now (2 x count > remaining, remaining odd). This keeps the
    invariant that an arrangement of the rest exists: max count <= ceil(n / 2)
    and the previous item's count <= floor(n / 2).

    Parameters
    ----------
    counts : sequence of int
        How many times each item index appears; no count above ceil(total / 2).
    rng : numpy.random.Generator
    avoid : int, optional
        Item that must not come first (the last item of the previous block);
        ignored when honouring it is impossible.

    Returns
    -------
    list of int
        Item indices, ``sum(counts)`` long.
    """
    remaining = list(counts)
    total = sum(remaining)
    previous = avoid if avoid is not None and 2 * remaining[avoid] <= total else None
    order: list[int] = []
    for step, u in enumerate(rng.random(total).tolist()):
        choice = _forced(remaining, total - step)
        if choice is None:
            choice = _weighted(remaining, previous, u)
        remaining[choice] -= 1
        order.append(choice)
        previous = choice
    return order


def _forced(remaining: list[int], left: int) -> int | None:
    largest = max(remaining)
    return remaining.index(largest) if 2 * largest > left else None


def _weighted(remaining: list[int], previous: int | None, u: float) -> int:
    excluded = remaining[previous] if previous is not None else 0
    target = u * (sum(remaining) - excluded)
    choice = -1
    for index, count in enumerate(remaining):
        if index == previous or count == 0:
            continue
        choice = index
        target -= count
        if target < 0:
            break
    return choice


def kind_stream(
    kind: Kind,
    n_trials: int,
    n_stimuli: Mapping[Category, int],
    rng: np.random.Generator,
    avoid: Item | None = None,
) -> list[Item]:
    """Order ``n_trials`` trials of one kind (targets or attributes).

    The two categories of ``kind`` are balanced and each category's stimuli are
    used evenly; consecutive items always differ.
    """
    items: list[Item] = []
    counts: list[int] = []
    per_category = split_evenly(n_trials, 2, rng)
    for category, category_trials in zip(kind.categories, per_category, strict=True):
        per_stimulus = split_evenly(category_trials, n_stimuli[category], rng)
        items.extend((category, position) for position in range(1, len(per_stimulus) + 1))
        counts.extend(per_stimulus)
    avoid_index = items.index(avoid) if avoid in items else None
    if avoid_index is not None:
        counts = _spare(items, counts, avoid_index)
    return [items[index] for index in arrange_without_repeats(counts, rng, avoid_index)]


def _spare(items: list[Item], counts: list[int], avoid: int) -> list[int]:
    """Move an extra use away from ``avoid`` when it could not be kept off the start.

    Only very short streams need this (one trial of a kind); swapping with a
    stimulus of the same category one use short keeps the counts even.
    """
    if 2 * counts[avoid] <= sum(counts):
        return counts
    for index, item in enumerate(items):
        if item[0] is items[avoid][0] and counts[index] == counts[avoid] - 1:
            swapped = list(counts)
            swapped[index], swapped[avoid] = counts[avoid], counts[index]
            return swapped
    return counts


def block_sequence(
    role: BlockRole,
    n_trials: int,
    n_stimuli: Mapping[Category, int],
    rng: np.random.Generator,
    previous: Item | None = None,
) -> list[Item]:
    """Order the trials of one block.

    Parameters
    ----------
    role : BlockRole
        Single-kind blocks draw one stream; combined blocks interleave a target
        and an attribute stream, the opening kind drawn from ``rng``.
    n_trials : int
    n_stimuli : mapping
        Number of stimuli of each category.
    rng : numpy.random.Generator
    previous : item, optional
        Last item of the previous block, which the block must not open with.
    """
    if role is not BlockRole.COMBINED:
        return kind_stream(role.kinds[0], n_trials, n_stimuli, rng, previous)
    kinds = (
        (Kind.TARGET, Kind.ATTRIBUTE) if rng.integers(0, 2) == 0 else (Kind.ATTRIBUTE, Kind.TARGET)
    )
    first = kind_stream(kinds[0], (n_trials + 1) // 2, n_stimuli, rng, previous)
    second = kind_stream(kinds[1], n_trials // 2, n_stimuli, rng)
    merged = [item for pair in zip(first, second, strict=False) for item in pair]
    return merged + first[len(second) :]


def ratio_counts(n_trials: int, ratio: Sequence[int]) -> list[int]:
    """Split ``n_trials`` in proportion to ``ratio``, the rounding remainder to the last part.

    ``ratio_counts(24, (7, 7, 10)) == [7, 7, 10]``; 48 trials give 14, 14, 20.
    """
    whole = sum(ratio)
    counts = [round(n_trials * part / whole) for part in ratio[:-1]]
    return [*counts, n_trials - sum(counts)]


def single_target_sequence(
    n_trials: int,
    n_stimuli: Mapping[Category, int],
    paired: Category,
    ratio: Sequence[int],
    rng: np.random.Generator,
    previous: Item | None = None,
) -> list[Item]:
    """Order a single-category IAT block: target A, the attribute ``paired`` with it, the other.

    The three categories get ``ratio`` shares of the trials (Karpinski & Steinman, 2006:
    7 : 7 : 10), each category's stimuli are used evenly, the order is random with no stimulus
    twice in a row (nor the block's first equal to ``previous``).
    """
    other = Category.ATTRIBUTE_NEG if paired is Category.ATTRIBUTE_POS else Category.ATTRIBUTE_POS
    items: list[Item] = []
    counts: list[int] = []
    for category, total in zip(
        (Category.TARGET_A, paired, other), ratio_counts(n_trials, ratio), strict=True
    ):
        per_stimulus = split_evenly(total, n_stimuli[category], rng)
        items.extend((category, position) for position in range(1, len(per_stimulus) + 1))
        counts.extend(per_stimulus)
    avoid_index = items.index(previous) if previous in items else None
    return [items[index] for index in arrange_without_repeats(counts, rng, avoid_index)]
