"""Block plans: which blocks a session has, in which order, and how long.

The standard plan is the seven-block IAT of Greenwald, McGhee & Schwartz (1998)
in the layout recommended by Greenwald, Nosek & Banaji (2003), with block 5
lengthened to 40 trials as advised by Nosek, Greenwald & Banaji (2005) to
reduce the order effect of the first pairing.

References
----------
Greenwald, A. G., McGhee, D. E., & Schwartz, J. L. K. (1998). Measuring individual
differences in implicit cognition: The Implicit Association Test. *Journal of
Personality and Social Psychology*, 74(6), 1464-1480.

Greenwald, A. G., Nosek, B. A., & Banaji, M. R. (2003). Understanding and using the
Implicit Association Test: I. An improved scoring algorithm. *Journal of Personality
and Social Psychology*, 85(2), 197-216.

Nosek, B. A., Greenwald, A. G., & Banaji, M. R. (2005). Understanding and using the
Implicit Association Test: II. Method variables and construct validity.
*Personality and Social Psychology Bulletin*, 31(2), 166-180.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from iat.errors import BlockPlanError
from iat.vocabulary import BlockRole, Stage

MAX_TRIALS_PER_BLOCK = 400
MAX_BLOCKS = 20


class BlockSpec(BaseModel):
    """One block of a plan, before counterbalancing.

    The pairing of a combined block is not stored here: it follows from the
    session's counterbalancing and from how many ``targets_reversed`` blocks
    came before it (see :func:`iat.counterbalancing.block_pairings`).

    Parameters
    ----------
    role : BlockRole
        What the block shows.
    n_trials : int
        Number of trials, at least 1.
    stage : Stage or None
        ``practice`` or ``test`` for combined blocks, ``None`` otherwise.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    role: BlockRole
    n_trials: int = Field(ge=1, le=MAX_TRIALS_PER_BLOCK)
    stage: Stage | None = None


class BlockPlan(BaseModel):
    """An ordered list of blocks; block indices start at 1.

    Raises
    ------
    BlockPlanError
        If a combined block has no stage or a single-category block has one, or if a
        ``targets_reversed`` block comes before any combined block. The rules of each study
        type are checked with the study (:func:`iat.study_types.check_study_type`).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    blocks: tuple[BlockSpec, ...] = Field(min_length=1, max_length=MAX_BLOCKS)

    @model_validator(mode="after")
    def _check(self) -> BlockPlan:
        check_block_plan(self.blocks)
        return self

    @property
    def n_trials(self) -> int:
        """Total number of trials in the plan."""
        return sum(block.n_trials for block in self.blocks)


def check_block_plan(blocks: tuple[BlockSpec, ...]) -> None:
    """Raise :class:`BlockPlanError` if ``blocks`` is not a usable plan of any study type.

    What a plan needs for its study type (both pairings of an IAT, combined blocks only in a
    Brief or single-category IAT) is checked with the study (:mod:`iat.study_types`).
    """
    for position, block in enumerate(blocks):
        _check_stage(block, f"blocks[{position}]")
    _check_reversal_order(blocks)


def _check_stage(block: BlockSpec, field: str) -> None:
    if block.role is BlockRole.COMBINED and block.stage is None:
        raise BlockPlanError(f"{field}.stage", "a combined block needs a stage (practice or test)")
    if block.role is not BlockRole.COMBINED and block.stage is not None:
        raise BlockPlanError(f"{field}.stage", f"a {block.role} block has no stage; use null")


def _check_reversal_order(blocks: tuple[BlockSpec, ...]) -> None:
    seen_combined = False
    for position, block in enumerate(blocks):
        if block.role is BlockRole.TARGETS_REVERSED and not seen_combined:
            raise BlockPlanError(
                f"blocks[{position}].role",
                "targets_reversed comes before any combined block: nothing to reverse",
            )
        seen_combined |= block.role is BlockRole.COMBINED


def check_both_pairings(blocks: tuple[BlockSpec, ...], field: str = "blocks") -> None:
    """An IAT plan needs combined blocks before and after a ``targets_reversed`` block."""
    seen_orientations: set[bool] = set()
    reversed_ = False
    for block in blocks:
        if block.role is BlockRole.TARGETS_REVERSED:
            reversed_ = not reversed_
        elif block.role is BlockRole.COMBINED:
            seen_orientations.add(reversed_)
    if len(seen_orientations) < 2:
        raise BlockPlanError(
            field,
            "the plan never shows both pairings: it needs combined blocks before and "
            "after a targets_reversed block",
        )


def standard_block_plan(
    b1: int = 20, b2: int = 20, b3: int = 20, b4: int = 40, b5: int = 40, b6: int = 20, b7: int = 40
) -> BlockPlan:
    """Build the standard seven-block plan with configurable lengths.

    Block roles: B1 targets, B2 attributes, B3 combined practice, B4 combined test,
    B5 targets reversed, B6 combined practice, B7 combined test (Greenwald et al.,
    1998, 2003). B5 has 40 trials by default (Nosek et al., 2005); use
    :func:`classic_block_plan` for 20.

    Parameters
    ----------
    b1, b2, b3, b4, b5, b6, b7 : int
        Number of trials of each block, each between 1 and 400.

    Returns
    -------
    BlockPlan

    Raises
    ------
    BlockPlanError
        If a length is below 1 or above 400 (field ``blocks[i].n_trials``).
    """
    roles = (
        (BlockRole.TARGETS, None),
        (BlockRole.ATTRIBUTES, None),
        (BlockRole.COMBINED, Stage.PRACTICE),
        (BlockRole.COMBINED, Stage.TEST),
        (BlockRole.TARGETS_REVERSED, None),
        (BlockRole.COMBINED, Stage.PRACTICE),
        (BlockRole.COMBINED, Stage.TEST),
    )
    lengths = (b1, b2, b3, b4, b5, b6, b7)
    for position, length in enumerate(lengths):
        if not 1 <= length <= MAX_TRIALS_PER_BLOCK:
            raise BlockPlanError(
                f"blocks[{position}].n_trials",
                f"block {position + 1} has {length} trials; it needs 1 to {MAX_TRIALS_PER_BLOCK}",
            )
    specs = tuple(
        BlockSpec(role=role, n_trials=n, stage=stage)
        for (role, stage), n in zip(roles, lengths, strict=True)
    )
    return BlockPlan(blocks=specs)


def classic_block_plan() -> BlockPlan:
    """The seven-block plan with 20 trials in block 5 (Greenwald et al., 2003)."""
    return standard_block_plan(b5=20)
