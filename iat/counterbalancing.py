"""Counterbalancing: which pairing comes first and which side each category starts on.

Greenwald, McGhee & Schwartz (1998) counterbalanced the order of the two
combined tasks across participants; Nosek, Greenwald & Banaji (2005) show that
the first pairing biases D, so the order is drawn per session and recorded.
Attribute sides stay fixed for the whole session; each ``targets_reversed``
block swaps the target sides for the blocks that follow it.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, ConfigDict

from iat.blocks import BlockPlan
from iat.study_types import combined_pairings
from iat.vocabulary import BlockRole, Category, Pairing, Side, StudyType


class Sides(BaseModel):
    """Starting sides of target A and attribute + (the others sit opposite)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    target_a: Side
    attribute_pos: Side


class Counterbalancing(BaseModel):
    """The session's counterbalancing, drawn from its seed and stored with it.

    Attributes
    ----------
    first_pairing : Pairing
        Pairing of the combined blocks before the first reversal (B3, B4).
    attribute_pos_side : Side
        Side of attribute + for the whole session.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    first_pairing: Pairing
    attribute_pos_side: Side

    @property
    def sides(self) -> Sides:
        """Starting sides; target A shares a side with attribute + iff pairing A comes first."""
        target_a = self.attribute_pos_side
        if self.first_pairing is Pairing.B:
            target_a = target_a.other
        return Sides(target_a=target_a, attribute_pos=self.attribute_pos_side)


def draw_counterbalancing(rng: np.random.Generator) -> Counterbalancing:
    """Draw the pairing order and the attribute side, each with probability 1/2."""
    first, side = rng.integers(0, 2, size=2)
    return Counterbalancing(
        first_pairing=(Pairing.A, Pairing.B)[int(first)],
        attribute_pos_side=(Side.LEFT, Side.RIGHT)[int(side)],
    )


class BlockLayout(BaseModel):
    """Where each category of one block sits, and the block's pairing."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sides: dict[Category, Side]
    pairing: Pairing | None


def block_layouts(
    plan: BlockPlan, counterbalancing: Counterbalancing, study_type: StudyType = StudyType.IAT
) -> tuple[BlockLayout, ...]:
    """Resolve the sides and pairing of every block of ``plan``.

    The pairing of a combined block is ``A`` when target A shares a side with
    attribute +, else ``B``; single-category blocks have no pairing. In a Brief or
    single-category IAT, attribute + keeps its side and target A moves to follow the
    pairings of :func:`iat.study_types.combined_pairings`; an SC-IAT has no target B.
    """
    if study_type is not StudyType.IAT:
        return _typed_layouts(plan, counterbalancing, study_type)
    start = counterbalancing.sides
    reversed_ = False
    layouts = []
    for block in plan.blocks:
        reversed_ ^= block.role is BlockRole.TARGETS_REVERSED
        target_a = start.target_a.other if reversed_ else start.target_a
        layouts.append(_layout(block.role, target_a, start.attribute_pos))
    return tuple(layouts)


def _typed_layouts(
    plan: BlockPlan, counterbalancing: Counterbalancing, study_type: StudyType
) -> tuple[BlockLayout, ...]:
    positive = counterbalancing.attribute_pos_side
    pairings = combined_pairings(study_type, plan.blocks, counterbalancing.first_pairing)
    layouts = []
    for block, pairing in zip(plan.blocks, pairings, strict=True):
        target_a = positive if pairing is Pairing.A else positive.other
        layout = _layout(block.role, target_a, positive)
        if study_type is StudyType.SCIAT:
            sides = {c: s for c, s in layout.sides.items() if c is not Category.TARGET_B}
            layout = BlockLayout(sides=sides, pairing=layout.pairing)
        layouts.append(layout)
    return tuple(layouts)


def _layout(role: BlockRole, target_a: Side, attribute_pos: Side) -> BlockLayout:
    every = {
        Category.TARGET_A: target_a,
        Category.TARGET_B: target_a.other,
        Category.ATTRIBUTE_POS: attribute_pos,
        Category.ATTRIBUTE_NEG: attribute_pos.other,
    }
    shown = {category: side for category, side in every.items() if category.kind in role.kinds}
    pairing = None
    if role is BlockRole.COMBINED:
        pairing = Pairing.A if target_a is attribute_pos else Pairing.B
    return BlockLayout(sides=shown, pairing=pairing)
