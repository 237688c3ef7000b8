"""Session plans: the trial-order rules as properties over seeds and plan shapes."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iat import (
    BlockRole,
    Category,
    Counterbalancing,
    InputMode,
    Kind,
    Language,
    Pairing,
    SessionPlan,
    SessionPlanError,
    Side,
    StudyDefinition,
    generate_session_plan,
    parse_study,
    standard_block_plan,
    with_input_mode,
)
from iat.session_models import PlannedBlock

PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
seeds = st.integers(min_value=0, max_value=2**63 - 1)
lengths = st.integers(min_value=1, max_value=45)
stimulus_counts = st.tuples(*[st.integers(min_value=2, max_value=9)] * 4)


def make_study(counts: tuple[int, int, int, int]) -> StudyDefinition:
    """A one-language study with ``counts`` stimuli in each category."""
    categories: dict[str, Any] = {}
    for category, count in zip(Category, counts, strict=True):
        words = [f"{category.value}-word-{i}" for i in range(count)]
        categories[category.value] = {
            "labels": {"en": category.value},
            "stimuli": {"en": words},
        }
    return parse_study(
        {"id": "synthetic", "title": {"en": "t"}, "languages": ["en"], "categories": categories}
    )


@st.composite
def sessions(draw: st.DrawFn) -> SessionPlan:
    study = make_study(draw(stimulus_counts))
    plan = standard_block_plan(*[draw(lengths) for _ in range(7)])
    return generate_session_plan(study, plan, draw(seeds), "en")


def _ids(block: PlannedBlock) -> list[str]:
    return [trial.stimulus_id for trial in block.trials]


@PROPERTY
@given(sessions())
def test_blocks_have_the_planned_shape(session: SessionPlan) -> None:
    assert [block.index for block in session.blocks] == list(range(1, 8))
    for block in session.blocks:
        assert [t.index for t in block.trials] == list(range(1, len(block.trials) + 1))
        kinds = {t.kind for t in block.trials}
        assert kinds <= set(block.role.kinds)


@PROPERTY
@given(sessions())
def test_combined_blocks_alternate_targets_and_attributes(session: SessionPlan) -> None:
    for block in session.blocks:
        if block.role is BlockRole.COMBINED:
            kinds = [t.kind for t in block.trials]
            assert all(a is not b for a, b in itertools.pairwise(kinds))


@PROPERTY
@given(sessions())
def test_no_stimulus_twice_in_a_row(session: SessionPlan) -> None:
    everything = [sid for block in session.blocks for sid in _ids(block)]
    assert all(a != b for a, b in itertools.pairwise(everything))
    for block in session.blocks:
        ids = _ids(block)
        if block.role is not BlockRole.COMBINED:
            continue
        # Across the alternation: the same kind comes back two trials later.
        assert all(a != b for a, b in zip(ids, ids[2:], strict=False))


@PROPERTY
@given(sessions())
def test_categories_are_balanced_within_each_block(session: SessionPlan) -> None:
    for block in session.blocks:
        counts = Counter(t.category for t in block.trials)
        for kind in block.role.kinds:
            first, second = (counts[c] for c in kind.categories)
            assert abs(first - second) <= 1
        if block.role is BlockRole.COMBINED:
            assert max(counts.values()) - min(counts.values()) <= 1


@PROPERTY
@given(sessions())
def test_stimuli_are_used_evenly_within_each_block(session: SessionPlan) -> None:
    study_counts = {t.stimulus_id for b in session.blocks for t in b.trials}
    for block in session.blocks:
        used = Counter(_ids(block))
        for category in {t.category for t in block.trials}:
            everyone = [sid for sid in study_counts if sid.startswith(f"{category.value}:")]
            per_stimulus = [used.get(sid, 0) for sid in everyone]
            assert max(per_stimulus) - min(per_stimulus) <= 1


@PROPERTY
@given(sessions())
def test_correct_side_and_key_match_the_block_labels(session: SessionPlan) -> None:
    for block in session.blocks:
        side_of = {label.category: Side.LEFT for label in block.left}
        side_of |= {label.category: Side.RIGHT for label in block.right}
        for trial in block.trials:
            assert trial.correct_side is side_of[trial.category]
            assert trial.correct_key == session.keys.for_side(trial.correct_side)


@PROPERTY
@given(sessions())
def test_pairing_matches_the_sides(session: SessionPlan) -> None:
    for block in session.blocks:
        if block.role is not BlockRole.COMBINED:
            assert block.pairing is None and block.stage is None
            continue
        left = {label.category for label in block.left}
        together = (Category.TARGET_A in left) == (Category.ATTRIBUTE_POS in left)
        assert block.pairing is (Pairing.A if together else Pairing.B)
        assert [label.kind for label in block.left] == [Kind.TARGET, Kind.ATTRIBUTE]


@PROPERTY
@given(st.integers(min_value=0, max_value=2**63 - 1))
def test_same_seed_same_session(seed: int) -> None:
    study = make_study((6, 6, 8, 8))
    assert generate_session_plan(study, None, seed, "en") == generate_session_plan(
        study, None, seed, "en"
    )


def test_different_seeds_give_different_orders(study: StudyDefinition) -> None:
    orders = {
        tuple(_ids(generate_session_plan(study, None, seed, "fr").blocks[3])) for seed in range(30)
    }
    assert len(orders) == 30


def test_stimulus_ids_do_not_depend_on_language(study: StudyDefinition) -> None:
    fr = generate_session_plan(study, None, 42, "fr")
    en = generate_session_plan(study, None, 42, "en")
    assert [_ids(b) for b in fr.blocks] == [_ids(b) for b in en.blocks]


def test_block_lengths_do_not_change_the_counterbalancing(study: StudyDefinition) -> None:
    for seed in range(20):
        short = generate_session_plan(study, standard_block_plan(b5=20), seed, "fr")
        usual = generate_session_plan(study, None, seed, "fr")
        assert short.counterbalancing == usual.counterbalancing


def test_imposed_counterbalancing_is_recorded(study: StudyDefinition) -> None:
    balance = Counterbalancing(first_pairing=Pairing.B, attribute_pos_side=Side.LEFT)
    session = generate_session_plan(study, None, 7, "en", counterbalancing=balance)
    assert session.first_pairing is Pairing.B
    assert session.sides.attribute_pos is Side.LEFT and session.sides.target_a is Side.RIGHT
    assert [b.pairing for b in session.blocks if b.pairing] == [Pairing.B] * 2 + [Pairing.A] * 2


def test_unknown_language_or_bad_seed(study: StudyDefinition) -> None:
    with pytest.raises(SessionPlanError, match="not offered"):
        generate_session_plan(study, None, 1, "de")
    with pytest.raises(SessionPlanError, match="seed"):
        generate_session_plan(study, None, -1, "fr")


def test_input_mode_changes_the_wording_not_the_trials(study: StudyDefinition) -> None:
    keyboard = generate_session_plan(study, None, 3, Language("en"))
    touch = with_input_mode(keyboard, InputMode.TOUCH)
    assert touch.blocks == keyboard.blocks
    assert touch.texts.input_mode is InputMode.TOUCH
    assert "zone" in touch.texts.blocks[0].reminder


TRIAL_KEYS = {"index", "stimulus_id", "text", "category", "kind", "correct_side", "correct_key"}


def test_json_matches_the_frontend_contract(study: StudyDefinition) -> None:
    data = generate_session_plan(study, None, 11, "fr").model_dump(mode="json")
    assert {"study_id", "study_version", "language", "seed", "first_pairing", "sides"} <= set(data)
    assert data["study_version"] == study.version
    assert data["keys"] == {"left": "e", "right": "i"}
    assert data["error_mode"] == "forced_correction" and data["iti_ms"] == 250
    assert set(data["sides"]) == {"target_a", "attribute_pos"}
    assert data["first_pairing"] in ("A", "B")
    for block in data["blocks"]:
        assert {"index", "role", "pairing", "stage", "left", "right", "trials"} <= set(block)
        assert len(block["left"]) == len(block["right"]) == len(block_kinds(block))
        assert set(block["left"][0]) == {"category", "label", "kind"}
        for trial in block["trials"]:
            assert set(trial) >= TRIAL_KEYS
            assert trial["stimulus_id"].split(":")[0] == trial["category"]
    assert data["blocks"][2]["left"][0]["kind"] == "target"


def block_kinds(block: dict[str, Any]) -> set[str]:
    return {trial["kind"] for trial in block["trials"]}


def test_image_stimuli_reach_the_browser_with_alt_text(raw_study: dict[str, Any]) -> None:
    raw_study["categories"]["target_a"]["stimuli"]["en"] = [
        {"type": "image", "src": f"img/customer-{i}.png", "alt": f"Customer photo {i}"}
        for i in range(1, 5)
    ]
    session = generate_session_plan(parse_study(raw_study), None, 4, "en")
    images = [t for t in session.blocks[0].trials if t.category is Category.TARGET_A]
    assert images and all(t.stimulus_type == "image" for t in images)
    assert all(t.image_src and t.text.startswith("Customer photo") for t in images)
