"""What each study type needs: categories, block plans, and the pairing of every block.

* ``iat`` — the seven-block IAT: combined blocks before and after a ``targets_reversed``
  block (:mod:`iat.blocks`).
* ``biat`` — the Brief IAT (Sriram & Greenwald, 2009) as Nosek, Bar-Anan, Sriram, Axt &
  Greenwald (2014) recommend: attribute + is focal in every block, the focal target alternates
  from block to block (pairing ``A``: target A focal; ``B``: target B focal), blocks of 20
  trials, the first 4 of each not scored. Only combined blocks; the test blocks are scored in
  consecutive pairs, so their number is even and each pair holds both pairings.
* ``sciat`` — the single-category IAT (Karpinski & Steinman, 2006): one target, no
  ``target_b``. Each pairing condition is a practice block (24 trials) then a critical block
  (48 trials); the condition changes after each test block (pairing ``A``: target shares a key
  with attribute +; ``B``: with attribute −). Within a block the keys answer 7 : 5 (7 target,
  7 paired attribute and 10 other attribute trials in 24) so that the target's key is not
  simply the less frequent one.

The pairing of the first combined block comes from the session's counterbalancing.

References
----------
Sriram, N., & Greenwald, A. G. (2009). The Brief Implicit Association Test. *Experimental
Psychology*, 56(4), 283-294.

Nosek, B. A., Bar-Anan, Y., Sriram, N., Axt, J., & Greenwald, A. G. (2014). Understanding and
using the Brief Implicit Association Test: Recommended scoring procedures. *PLoS ONE*, 9(12),
e110938.

Karpinski, A., & Steinman, R. B. (2006). The Single Category Implicit Association Test as a
measure of implicit social cognition. *Journal of Personality and Social Psychology*, 91(1),
16-32.
"""

from __future__ import annotations

from iat.blocks import BlockPlan, BlockSpec, check_both_pairings
from iat.errors import BlockPlanError, StudyTypeError
from iat.vocabulary import BlockRole, Pairing, Stage, StudyType

BIAT_BLOCK_TRIALS = 20
BIAT_WARMUP_TRIALS = 4
SCIAT_PRACTICE_TRIALS = 24
SCIAT_TEST_TRIALS = 48
SCIAT_RATIO = (7, 7, 10)
"""Target, paired attribute, other attribute trials per 24 of an SC-IAT block."""


def brief_block_plan(n_test_blocks: int = 4, n_trials: int = BIAT_BLOCK_TRIALS) -> BlockPlan:
    """A Brief IAT plan: ``n_test_blocks`` combined test blocks of ``n_trials`` (4 x 20)."""
    block = BlockSpec(role=BlockRole.COMBINED, n_trials=n_trials, stage=Stage.TEST)
    return BlockPlan(blocks=(block,) * n_test_blocks)


def sciat_block_plan(
    practice: int = SCIAT_PRACTICE_TRIALS, test: int = SCIAT_TEST_TRIALS
) -> BlockPlan:
    """An SC-IAT plan: practice then critical block, for each pairing (24 + 48, twice)."""
    condition = (
        BlockSpec(role=BlockRole.COMBINED, n_trials=practice, stage=Stage.PRACTICE),
        BlockSpec(role=BlockRole.COMBINED, n_trials=test, stage=Stage.TEST),
    )
    return BlockPlan(blocks=condition * 2)


def check_study_type(study_type: StudyType, has_target_b: bool, plan: BlockPlan) -> None:
    """Raise a typed error if the categories or the plan do not fit ``study_type``.

    Raises
    ------
    StudyTypeError
        ``categories.target_b`` missing (IAT, Brief IAT) or present (single-category IAT).
    BlockPlanError
        A plan the type cannot run (field ``block_plan.blocks`` or ``block_plan.blocks[i]...``).
    """
    if study_type is StudyType.SCIAT and has_target_b:
        raise StudyTypeError(
            "categories.target_b", "a single-category IAT has one target: remove target_b"
        )
    if study_type is not StudyType.SCIAT and not has_target_b:
        raise StudyTypeError("categories.target_b", f"a {study_type} study needs two targets")
    if study_type is StudyType.IAT:
        check_both_pairings(plan.blocks, "block_plan.blocks")
        return
    _check_combined_only(plan.blocks)
    if study_type is StudyType.BIAT:
        _check_biat_pairs(plan.blocks)
    else:
        _check_sciat_conditions(plan.blocks)


def _check_combined_only(blocks: tuple[BlockSpec, ...]) -> None:
    for position, block in enumerate(blocks):
        if block.role is not BlockRole.COMBINED:
            raise BlockPlanError(
                f"block_plan.blocks[{position}].role",
                f"a Brief or single-category IAT has combined blocks only, not {block.role}",
            )


def _check_biat_pairs(blocks: tuple[BlockSpec, ...]) -> None:
    tests = [i for i, block in enumerate(blocks) if block.stage is Stage.TEST]
    if not tests or len(tests) % 2:
        raise BlockPlanError(
            "block_plan.blocks",
            "a Brief IAT scores its test blocks in pairs: it needs an even number of them, "
            f"not {len(tests)}",
        )
    for first, second in zip(tests[::2], tests[1::2], strict=True):
        if (second - first) % 2 == 0:
            raise BlockPlanError(
                f"block_plan.blocks[{second}].stage",
                f"test blocks {first + 1} and {second + 1} are scored together but have the "
                "same focal target: put an odd number of blocks between their starts",
            )


def _check_sciat_conditions(blocks: tuple[BlockSpec, ...]) -> None:
    tests = [i for i, block in enumerate(blocks) if block.stage is Stage.TEST]
    if len(tests) < 2:
        raise BlockPlanError(
            "block_plan.blocks",
            "a single-category IAT needs a test block in each pairing: at least two",
        )
    if blocks[-1].stage is not Stage.TEST:
        raise BlockPlanError(
            f"block_plan.blocks[{len(blocks) - 1}].stage",
            "the last block must be a test block: a pairing condition ends with its test block",
        )


def combined_pairings(
    study_type: StudyType, blocks: tuple[BlockSpec, ...], first: Pairing
) -> tuple[Pairing | None, ...]:
    """The pairing of every block of a Brief or single-category IAT plan.

    Brief IAT: alternates at every block. SC-IAT: changes after every test block.
    """
    pairings: list[Pairing | None] = []
    current = first
    for block in blocks:
        pairings.append(current)
        if study_type is StudyType.BIAT or block.stage is Stage.TEST:
            current = current.other
    return tuple(pairings)
