"""Participant-facing wording of the test, per language and input mode.

The browser renders only text it is given: instructions for each block with
the current labels and keys ("Press E for Client or Agréable, I for Interne or
Désagréable"), the error rule and what to do after an error ("Press the other
key."), the pause screen, the progress line ("Block 3 of 7") and the touch-mode
variants. Templates live in ``iat/data/texts/<lang>.json``
and use ``str.format`` fields: ``{left}``, ``{right}`` (labels joined by "or"),
``{left_key}``, ``{right_key}``, ``{index}``, ``{total}``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from iat.session_models import PlannedBlock
from iat.vocabulary import BlockRole, ErrorMode, InputMode, Language, Side, Stage

if TYPE_CHECKING:
    from iat.session_plan import SessionPlan

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class InstructionKey(StrEnum):
    """Which instruction paragraphs a block gets."""

    TARGETS = "targets"
    ATTRIBUTES = "attributes"
    COMBINED_PRACTICE = "combined_practice"
    COMBINED_TEST = "combined_test"
    TARGETS_REVERSED = "targets_reversed"
    COMBINED_AFTER_REVERSAL = "combined_after_reversal"
    BRIEF_FIRST = "brief_first"
    BRIEF_SWITCH = "brief_switch"
    SINGLE_PRACTICE = "single_practice"
    SINGLE_TEST = "single_test"
    SINGLE_SWITCH = "single_switch"


class _ByMode(BaseModel):
    model_config = _FROZEN

    keyboard: str
    touch: str

    def pick(self, mode: InputMode) -> str:
        return self.keyboard if mode is InputMode.KEYBOARD else self.touch


class _ParagraphsByMode(BaseModel):
    model_config = _FROZEN

    keyboard: tuple[str, ...]
    touch: tuple[str, ...]

    def pick(self, mode: InputMode) -> tuple[str, ...]:
        return self.keyboard if mode is InputMode.KEYBOARD else self.touch


class _Pause(_ByMode):
    title: str


class TextTemplates(BaseModel):
    """The templates of one language, as stored in ``iat/data/texts/<lang>.json``."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    title: str
    or_: str = Field(alias="or")
    progress: str
    intro: _ParagraphsByMode
    reminder: _ByMode
    reminder_brief: _ByMode
    error_hint: dict[ErrorMode, _ByMode]
    error_prompt: dict[ErrorMode, _ByMode]
    start: _ByMode
    instructions: dict[InstructionKey, tuple[str, ...]]
    pause: _Pause
    end: str
    focus_lost: str
    zones: dict[Side, str]


def text_languages() -> tuple[str, ...]:
    """The language codes that have test texts (``iat/data/texts/<lang>.json``)."""
    folder = resources.files("iat").joinpath("data", "texts")
    names = (entry.name for entry in folder.iterdir())
    return tuple(sorted(name.removesuffix(".json") for name in names if name.endswith(".json")))


@cache
def text_templates(language: Language) -> TextTemplates:
    """Load (once) the templates of ``language``."""
    resource = resources.files("iat").joinpath("data", "texts", f"{language.value}.json")
    return TextTemplates.model_validate(json.loads(resource.read_text(encoding="utf-8")))


class BlockTexts(BaseModel):
    """What the instruction screen of one block says."""

    model_config = _FROZEN

    index: int
    progress: str
    instructions: tuple[str, ...]
    reminder: str
    start: str


class SessionTexts(BaseModel):
    """All participant-facing wording of one session's test."""

    model_config = _FROZEN

    language: Language
    input_mode: InputMode
    title: str
    intro: tuple[str, ...]
    error_hint: str
    error_prompt: str = ""
    """What to do now, shown beside the red X ("Press the other key."); empty in plans
    stored before it existed (the page then shows ``error_hint``)."""
    pause_title: str
    pause: str
    end: str
    focus_lost: str
    left_zone: str
    right_zone: str
    blocks: tuple[BlockTexts, ...]


def build_session_texts(
    blocks: Sequence[PlannedBlock],
    keys: tuple[str, str],
    language: Language,
    error_mode: ErrorMode,
    input_mode: InputMode,
) -> SessionTexts:
    """Fill the templates of ``language`` for these blocks, keys and modes.

    Parameters
    ----------
    blocks : sequence of PlannedBlock
    keys : (str, str)
        Left and right keys; shown in upper case.
    """
    templates = text_templates(language)
    key_fields = {"left_key": keys[0].upper(), "right_key": keys[1].upper()}
    block_texts = tuple(
        _block_texts(templates, blocks, position, key_fields, input_mode)
        for position in range(len(blocks))
    )
    return SessionTexts(
        language=language,
        input_mode=input_mode,
        title=templates.title,
        intro=tuple(p.format_map(key_fields) for p in templates.intro.pick(input_mode)),
        error_hint=templates.error_hint[error_mode].pick(input_mode),
        error_prompt=templates.error_prompt[error_mode].pick(input_mode),
        pause_title=templates.pause.title,
        pause=templates.pause.pick(input_mode),
        end=templates.end,
        focus_lost=templates.focus_lost,
        left_zone=templates.zones[Side.LEFT],
        right_zone=templates.zones[Side.RIGHT],
        blocks=block_texts,
    )


def _block_texts(
    templates: TextTemplates,
    blocks: Sequence[PlannedBlock],
    position: int,
    key_fields: dict[str, str],
    input_mode: InputMode,
) -> BlockTexts:
    block = blocks[position]
    fields = {
        **key_fields,
        **_focal_fields(templates, block, key_fields),
        "left": templates.or_.join(label.label for label in block.left),
        "right": templates.or_.join(label.label for label in block.right),
        "index": str(block.index),
        "total": str(len(blocks)),
    }
    previous = blocks[position - 1] if position else None
    paragraphs = templates.instructions[_instruction_key(block, previous)]
    reminder = templates.reminder_brief if _is_brief(block) else templates.reminder
    return BlockTexts(
        index=block.index,
        progress=templates.progress.format_map(fields),
        instructions=tuple(paragraph.format_map(fields) for paragraph in paragraphs),
        reminder=reminder.pick(input_mode).format_map(fields),
        start=templates.start.pick(input_mode),
    )


def _is_brief(block: PlannedBlock) -> bool:
    """A Brief IAT block names its focal categories on one side only."""
    return not block.left or not block.right


def _focal_fields(
    templates: TextTemplates, block: PlannedBlock, key_fields: dict[str, str]
) -> dict[str, str]:
    """``{focal}``, ``{focal_key}``, ``{other_key}``, ``{focal_zone}`` of a Brief IAT block."""
    side = Side.RIGHT if block.right else Side.LEFT
    return {
        "focal": templates.or_.join(label.label for label in block.labels_on(side)),
        "focal_key": key_fields[f"{side.value}_key"],
        "other_key": key_fields[f"{side.other.value}_key"],
        "focal_zone": templates.zones[side].lower(),
    }


def _instruction_key(block: PlannedBlock, previous: PlannedBlock | None) -> InstructionKey:
    if _is_brief(block):
        return InstructionKey.BRIEF_SWITCH if previous else InstructionKey.BRIEF_FIRST
    if len(block.left) + len(block.right) == 3:  # one target: a single-category IAT
        return _single_key(block, previous)
    return _iat_key(block, previous.role if previous else None)


def _single_key(block: PlannedBlock, previous: PlannedBlock | None) -> InstructionKey:
    if block.stage is Stage.TEST:
        return InstructionKey.SINGLE_TEST
    return InstructionKey.SINGLE_SWITCH if previous else InstructionKey.SINGLE_PRACTICE


def _iat_key(block: PlannedBlock, previous: BlockRole | None) -> InstructionKey:
    if block.role is not BlockRole.COMBINED:
        return InstructionKey(block.role.value)
    if block.stage is Stage.TEST:
        return InstructionKey.COMBINED_TEST
    if previous is BlockRole.TARGETS_REVERSED:
        return InstructionKey.COMBINED_AFTER_REVERSAL
    return InstructionKey.COMBINED_PRACTICE


def session_texts(plan: SessionPlan, input_mode: InputMode | None = None) -> SessionTexts:
    """The wording of ``plan`` in its language, for ``input_mode``.

    Parameters
    ----------
    plan : SessionPlan
    input_mode : InputMode, optional
        Defaults to the plan's own input mode (use it when the participant
        switches to touch mode after the plan was made).
    """
    return build_session_texts(
        plan.blocks,
        (plan.keys.left, plan.keys.right),
        plan.language,
        plan.error_mode,
        input_mode or plan.input_mode,
    )
