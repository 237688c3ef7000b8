"""Session plans: every trial of one participant's IAT, generated from a seed.

The server generates the whole sequence; the browser only presents and times
it. The same ``(study, plan, seed, language)`` always gives the same session.
"""

from __future__ import annotations

import secrets
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict

from iat.blocks import BlockPlan, BlockSpec
from iat.counterbalancing import (
    BlockLayout,
    Counterbalancing,
    Sides,
    block_layouts,
    draw_counterbalancing,
)
from iat.errors import SessionPlanError
from iat.sequence import Item, block_sequence, single_target_sequence
from iat.session_models import PlannedBlock, PlannedTrial, SideLabel
from iat.stimuli import ImageStimulus
from iat.study import ResponseKeys, StudyDefinition
from iat.study_types import SCIAT_RATIO
from iat.texts import SessionTexts, build_session_texts
from iat.vocabulary import Category, ErrorMode, InputMode, Language, Pairing, Side, StudyType

MAX_SEED = 2**63 - 1


class SessionPlan(BaseModel):
    """Everything the browser needs to run one session's test.

    ``model_dump(mode="json")`` is the plan the frontend consumes.
    ``sides`` are the starting sides; a ``targets_reversed`` block swaps the
    targets for the blocks after it (each block carries its own ``left`` and
    ``right`` labels).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    study_id: str
    study_version: str
    study_type: StudyType = StudyType.IAT
    language: Language
    seed: int
    first_pairing: Pairing
    sides: Sides
    keys: ResponseKeys
    error_mode: ErrorMode
    iti_ms: int
    input_mode: InputMode
    blocks: tuple[PlannedBlock, ...]
    texts: SessionTexts

    @property
    def counterbalancing(self) -> Counterbalancing:
        """The counterbalancing this plan was built with."""
        return Counterbalancing(
            first_pairing=self.first_pairing, attribute_pos_side=self.sides.attribute_pos
        )

    @property
    def n_trials(self) -> int:
        """Total number of trials."""
        return sum(len(block.trials) for block in self.blocks)


def new_seed() -> int:
    """A fresh session seed (63 bits, fits a signed 64-bit column)."""
    return secrets.randbits(63)


def session_counterbalancing(seed: int) -> Counterbalancing:
    """The pairing order and sides a session with ``seed`` gets, without planning its trials.

    The same draw as :func:`generate_session_plan` makes (its first seed stream), for callers
    that store the counterbalancing before the plan exists.

    Raises
    ------
    SessionPlanError
        If the seed is out of range.
    """
    _check_seed(seed)
    return _draw_counterbalancing(seed)


def _draw_counterbalancing(seed: int) -> Counterbalancing:
    counterbalancing_seq = np.random.SeedSequence(seed).spawn(2)[0]
    return draw_counterbalancing(np.random.default_rng(counterbalancing_seq))


def generate_session_plan(
    study: StudyDefinition,
    plan: BlockPlan | None,
    seed: int,
    language: Language | str,
    *,
    input_mode: InputMode = InputMode.KEYBOARD,
    counterbalancing: Counterbalancing | None = None,
) -> SessionPlan:
    """Generate every trial of one session.

    The seed feeds a :class:`numpy.random.SeedSequence` spawned into two
    independent streams, one for counterbalancing and one for trial orders, so
    changing block lengths never changes a session's pairing order. Trial orders
    follow :mod:`iat.sequence` (alternation in combined blocks, balanced
    categories, even stimulus use, no immediate repeats; Greenwald et al., 1998,
    2003); the pairing order and sides are counterbalanced (Nosek et al., 2005).

    Parameters
    ----------
    study : StudyDefinition
    plan : BlockPlan or None
        ``None`` uses ``study.block_plan``.
    seed : int
        Between 0 and 2**63 - 1; store it with the session.
    language : Language or str
        One of ``study.languages``.
    input_mode : InputMode, default keyboard
        Only changes the wording (``texts``), never the trials.
    counterbalancing : Counterbalancing, optional
        Imposes the pairing order and sides instead of drawing them from the seed.

    Returns
    -------
    SessionPlan

    Raises
    ------
    SessionPlanError
        If the language is not offered by the study or the seed is out of range.
    """
    lang = _check_request(study, seed, language)
    block_plan = plan if plan is not None else study.block_plan
    order_seq = np.random.SeedSequence(seed).spawn(2)[1]
    balance = counterbalancing or _draw_counterbalancing(seed)
    layouts = block_layouts(block_plan, balance, study.type)
    blocks = _plan_blocks(study, block_plan, layouts, lang, np.random.default_rng(order_seq))
    texts = build_session_texts(
        blocks, (study.keys.left, study.keys.right), lang, study.error_mode, input_mode
    )
    return SessionPlan(
        study_id=study.id,
        study_version=study.version,
        study_type=study.type,
        language=lang,
        seed=seed,
        first_pairing=balance.first_pairing,
        sides=balance.sides,
        keys=study.keys,
        error_mode=study.error_mode,
        iti_ms=study.iti_ms,
        input_mode=input_mode,
        blocks=blocks,
        texts=texts,
    )


def with_input_mode(session: SessionPlan, input_mode: InputMode) -> SessionPlan:
    """The same plan with its wording for another input mode (e.g. touch)."""
    texts = build_session_texts(
        session.blocks,
        (session.keys.left, session.keys.right),
        session.language,
        session.error_mode,
        input_mode,
    )
    return session.model_copy(update={"input_mode": input_mode, "texts": texts})


def _check_seed(seed: int) -> None:
    if not 0 <= seed <= MAX_SEED:
        raise SessionPlanError(f"seed {seed} is outside 0..2**63-1")


def _check_request(study: StudyDefinition, seed: int, language: Language | str) -> Language:
    _check_seed(seed)
    if language not in study.languages:
        offered = ", ".join(study.languages)
        raise SessionPlanError(f"study {study.id!r} is not offered in {language!r} ({offered})")
    return Language(language)


def _plan_blocks(
    study: StudyDefinition,
    plan: BlockPlan,
    layouts: tuple[BlockLayout, ...],
    language: Language,
    rng: np.random.Generator,
) -> tuple[PlannedBlock, ...]:
    stimuli = _stimulus_table(study, language)
    n_stimuli = {c: len(d.stimuli[language]) for c, d in study.categories.items()}
    previous: Item | None = None
    blocks = []
    for index, (spec, layout) in enumerate(zip(plan.blocks, layouts, strict=True), start=1):
        items = _sequence(study.type, spec, layout, n_stimuli, rng, previous)
        previous = items[-1]
        trials = _trials(items, layout, study.keys, stimuli)
        left, right = (_labels(study, language, layout, side) for side in Side)
        blocks.append(
            PlannedBlock(
                index=index,
                role=spec.role,
                pairing=layout.pairing,
                stage=spec.stage,
                left=left,
                right=right,
                trials=trials,
            )
        )
    return tuple(blocks)


def _sequence(
    study_type: StudyType,
    spec: BlockSpec,
    layout: BlockLayout,
    n_stimuli: dict[Category, int],
    rng: np.random.Generator,
    previous: Item | None,
) -> list[Item]:
    if study_type is not StudyType.SCIAT:
        return block_sequence(spec.role, spec.n_trials, n_stimuli, rng, previous)
    paired = Category.ATTRIBUTE_POS if layout.pairing is Pairing.A else Category.ATTRIBUTE_NEG
    return single_target_sequence(spec.n_trials, n_stimuli, paired, SCIAT_RATIO, rng, previous)


def _trials(
    items: list[Item],
    layout: BlockLayout,
    keys: ResponseKeys,
    stimuli: dict[Item, dict[str, Any]],
) -> tuple[PlannedTrial, ...]:
    return tuple(
        PlannedTrial(
            index=n,
            **stimuli[item],
            correct_side=layout.sides[item[0]],
            correct_key=keys.for_side(layout.sides[item[0]]),
        )
        for n, item in enumerate(items, start=1)
    )


def _labels(
    study: StudyDefinition, language: Language, layout: BlockLayout, side: Side
) -> tuple[SideLabel, ...]:
    # A Brief IAT names only the focal categories (on attribute +'s side): the other key
    # answers "anything else" (Sriram & Greenwald, 2009).
    if study.type is StudyType.BIAT and layout.sides[Category.ATTRIBUTE_POS] is not side:
        return ()
    # Category order puts targets before attributes, as the contract requires.
    return tuple(
        SideLabel(category=category, label=study.label(category, language), kind=category.kind)
        for category in Category
        if layout.sides.get(category) is side
    )


def _stimulus_table(study: StudyDefinition, language: Language) -> dict[Item, dict[str, Any]]:
    """The side-independent fields of every stimulus's trials, computed once per session."""
    table: dict[Item, dict[str, Any]] = {}
    for category, definition in study.categories.items():
        for position, stimulus in enumerate(definition.stimuli[language], start=1):
            image = stimulus if isinstance(stimulus, ImageStimulus) else None
            table[(category, position)] = {
                "stimulus_id": f"{category.value}:{position}",
                "text": stimulus.display,
                "category": category,
                "kind": category.kind,
                "stimulus_type": stimulus.type,
                "image_src": image.src if image else None,
            }
    return table
