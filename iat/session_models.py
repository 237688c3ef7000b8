"""The shapes of a planned session: blocks, the labels on each side, trials.

These are what the browser receives (see :class:`iat.session_plan.SessionPlan`);
their JSON field names are a contract with the frontend.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from iat.vocabulary import BlockRole, Category, Kind, Pairing, Side, Stage

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class SideLabel(BaseModel):
    """A category label shown in a top corner during a block."""

    model_config = _FROZEN

    category: Category
    label: str
    kind: Kind


class PlannedTrial(BaseModel):
    """One trial to present.

    ``stimulus_id`` is ``"<category>:<position>"`` (position from 1), stable
    across languages. For an image stimulus ``text`` is its alt text and
    ``image_src`` its source.
    """

    model_config = _FROZEN

    index: int
    stimulus_id: str
    text: str
    category: Category
    kind: Kind
    correct_side: Side
    correct_key: str
    stimulus_type: Literal["text", "image"] = "text"
    image_src: str | None = None


class PlannedBlock(BaseModel):
    """One block: role, pairing, stage, the labels on each side and its trials.

    ``left`` and ``right`` hold one label in single-category blocks and two in
    combined blocks, the target first.
    """

    model_config = _FROZEN

    index: int
    role: BlockRole
    pairing: Pairing | None
    stage: Stage | None
    left: tuple[SideLabel, ...]
    right: tuple[SideLabel, ...]
    trials: tuple[PlannedTrial, ...]

    def labels_on(self, side: Side) -> tuple[SideLabel, ...]:
        """The labels shown on ``side``."""
        return self.left if side is Side.LEFT else self.right
