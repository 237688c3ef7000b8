"""Block plans and counterbalancing (Greenwald et al. 2003; Nosek et al. 2005)."""

from __future__ import annotations

import numpy as np
import pytest

from iat import (
    BlockPlan,
    BlockPlanError,
    BlockRole,
    BlockSpec,
    Counterbalancing,
    Pairing,
    Side,
    Stage,
    classic_block_plan,
    draw_counterbalancing,
    standard_block_plan,
)
from iat.counterbalancing import block_layouts
from iat.vocabulary import Category


def test_standard_plan_roles_stages_and_lengths() -> None:
    plan = standard_block_plan()
    assert [b.role for b in plan.blocks] == [
        BlockRole.TARGETS,
        BlockRole.ATTRIBUTES,
        BlockRole.COMBINED,
        BlockRole.COMBINED,
        BlockRole.TARGETS_REVERSED,
        BlockRole.COMBINED,
        BlockRole.COMBINED,
    ]
    assert [b.stage for b in plan.blocks] == [
        None,
        None,
        Stage.PRACTICE,
        Stage.TEST,
        None,
        Stage.PRACTICE,
        Stage.TEST,
    ]
    assert [b.n_trials for b in plan.blocks] == [20, 20, 20, 40, 40, 20, 40]
    assert plan.n_trials == 200


def test_classic_plan_has_20_trials_in_block_5() -> None:
    assert classic_block_plan().blocks[4].n_trials == 20


def test_every_length_is_configurable() -> None:
    plan = standard_block_plan(b1=7, b2=9, b3=11, b4=13, b5=15, b6=17, b7=19)
    assert [b.n_trials for b in plan.blocks] == [7, 9, 11, 13, 15, 17, 19]


@pytest.mark.parametrize("length", [0, -1, 401])
def test_block_length_out_of_range(length: int) -> None:
    with pytest.raises(BlockPlanError) as info:
        standard_block_plan(b5=length)
    assert info.value.field == "blocks[4].n_trials"


def test_reversal_before_any_combined_block_is_rejected() -> None:
    blocks = (
        BlockSpec(role=BlockRole.TARGETS_REVERSED, n_trials=20),
        BlockSpec(role=BlockRole.COMBINED, n_trials=20, stage=Stage.TEST),
    )
    with pytest.raises(ValueError, match="nothing to reverse"):
        BlockPlan(blocks=blocks)


def test_a_single_kind_block_has_no_stage() -> None:
    blocks = [*standard_block_plan().blocks]
    blocks[0] = BlockSpec(role=BlockRole.TARGETS, n_trials=20, stage=Stage.PRACTICE)
    with pytest.raises(ValueError, match="has no stage"):
        BlockPlan(blocks=tuple(blocks))


@pytest.mark.parametrize("first", list(Pairing))
@pytest.mark.parametrize("attribute_side", list(Side))
def test_layouts_follow_counterbalancing(first: Pairing, attribute_side: Side) -> None:
    balance = Counterbalancing(first_pairing=first, attribute_pos_side=attribute_side)
    layouts = block_layouts(standard_block_plan(), balance)
    assert [layout.pairing for layout in layouts] == [
        None,
        None,
        first,
        first,
        None,
        first.other,
        first.other,
    ]
    start = balance.sides.target_a
    assert layouts[0].sides == {Category.TARGET_A: start, Category.TARGET_B: start.other}
    assert layouts[4].sides[Category.TARGET_A] is start.other
    for layout in layouts:
        if Category.ATTRIBUTE_POS in layout.sides:
            assert layout.sides[Category.ATTRIBUTE_POS] is attribute_side


def test_pairing_a_means_target_a_with_attribute_pos() -> None:
    balance = Counterbalancing(first_pairing=Pairing.A, attribute_pos_side=Side.RIGHT)
    assert balance.sides.target_a is Side.RIGHT
    balance = Counterbalancing(first_pairing=Pairing.B, attribute_pos_side=Side.RIGHT)
    assert balance.sides.target_a is Side.LEFT


def test_counterbalancing_draws_all_four_cells_evenly() -> None:
    cells: dict[tuple[Pairing, Side], int] = {}
    for seed in range(800):
        drawn = draw_counterbalancing(np.random.default_rng(seed))
        key = (drawn.first_pairing, drawn.attribute_pos_side)
        cells[key] = cells.get(key, 0) + 1
    assert len(cells) == 4
    # Binomial(800, 1/4): mean 200, sd about 12; 140..260 is 5 sd either side.
    assert all(140 < count < 260 for count in cells.values())
