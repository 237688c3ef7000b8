"""Brief IAT and single-category IAT: validation, plans, counterbalancing, texts."""

from __future__ import annotations

import copy
import json
from collections import Counter
from importlib import resources
from typing import Any

import pytest

from iat import (
    BlockPlanError,
    Category,
    Pairing,
    Side,
    StudyDefinitionError,
    StudyType,
    StudyTypeError,
    canonical_json,
    default_study,
    generate_session_plan,
    load_builtin_study,
    parse_study,
)
from iat.session_plan import SessionPlan


def raw(study_id: str) -> dict[str, Any]:
    path = resources.files("iat").joinpath("data", "studies", f"{study_id}.json")
    return copy.deepcopy(json.loads(path.read_text("utf-8")))


def error_of(data: dict[str, Any]) -> StudyDefinitionError:
    with pytest.raises(StudyDefinitionError) as info:
        parse_study(data)
    return info.value


def test_builtin_examples_are_typed_and_french_first() -> None:
    brief, single = load_builtin_study("customer-brief"), load_builtin_study("customer-single")
    assert (brief.type, single.type) == (StudyType.BIAT, StudyType.SCIAT)
    assert brief.languages[0] == single.languages[0] == "fr"
    assert single.categories.target_b is None
    assert [b.n_trials for b in brief.block_plan.blocks] == [20, 20, 20, 20]
    assert [b.n_trials for b in single.block_plan.blocks] == [24, 48, 24, 48]


def test_iat_canonical_text_has_no_type_so_old_versions_hold() -> None:
    assert "type" not in json.loads(canonical_json(default_study()))
    assert json.loads(canonical_json(load_builtin_study("customer-brief")))["type"] == "biat"
    single = json.loads(canonical_json(load_builtin_study("customer-single")))
    assert "target_b" not in single["categories"]
    study = load_builtin_study("customer-single")
    assert parse_study({"version": study.version, **raw("customer-single")}) == study


def test_sciat_with_two_targets_and_biat_with_one_are_refused() -> None:
    data = raw("customer-single")
    data["categories"]["target_b"] = raw("default")["categories"]["target_b"]
    error = error_of(data)
    assert isinstance(error, StudyTypeError) and error.field == "categories.target_b"
    data = raw("customer-brief")
    del data["categories"]["target_b"]
    error = error_of(data)
    assert isinstance(error, StudyTypeError) and error.field == "categories.target_b"
    data = raw("default")
    del data["categories"]["target_b"]
    assert isinstance(error_of(data), StudyTypeError)


@pytest.mark.parametrize(
    ("study_id", "blocks", "field"),
    [
        ("customer-brief", [("combined", "test")] * 3, "block_plan.blocks"),
        ("customer-brief", [("targets", None), ("combined", "test")], "block_plan.blocks[0].role"),
        (
            "customer-brief",
            [("combined", "test"), ("combined", "practice"), ("combined", "test")] * 2,
            "block_plan.blocks[2].stage",
        ),
        ("customer-single", [("combined", "test")], "block_plan.blocks"),
        (
            "customer-single",
            [("combined", "test"), ("combined", "test"), ("combined", "practice")],
            "block_plan.blocks[2].stage",
        ),
        ("default", [("combined", "practice"), ("combined", "test")], "block_plan.blocks"),
    ],
)
def test_plans_the_type_cannot_run_are_refused(
    study_id: str, blocks: list[tuple[str, str | None]], field: str
) -> None:
    data = raw(study_id)
    data["block_plan"]["blocks"] = [
        {"role": role, "n_trials": 20, "stage": stage} for role, stage in blocks
    ]
    error = error_of(data)
    assert isinstance(error, BlockPlanError)
    assert error.field == field


def plan(study_id: str, seed: int, language: str = "fr") -> SessionPlan:
    return generate_session_plan(load_builtin_study(study_id), None, seed, language)


@pytest.mark.parametrize("seed", range(8))
def test_sciat_blocks_keep_the_7_to_5_ratio_and_move_the_target(seed: int) -> None:
    session = plan("customer-single", seed)
    first = session.first_pairing
    assert [b.pairing for b in session.blocks] == [first, first, first.other, first.other]
    positive = session.sides.attribute_pos
    for block in session.blocks:
        counts = Counter(t.category for t in block.trials)
        paired = Category.ATTRIBUTE_POS if block.pairing is Pairing.A else Category.ATTRIBUTE_NEG
        unpaired = (
            Category.ATTRIBUTE_NEG if paired is Category.ATTRIBUTE_POS else paired.ATTRIBUTE_POS
        )
        n = len(block.trials)
        assert counts == {
            Category.TARGET_A: 7 * n // 24,
            paired: 7 * n // 24,
            unpaired: 10 * n // 24,
        }
        target_key = {t.correct_side for t in block.trials if t.category is Category.TARGET_A}
        assert target_key == {positive if block.pairing is Pairing.A else positive.other}
        sides = Counter(t.correct_side for t in block.trials)
        assert sides[next(iter(target_key))] * 5 == sides[next(iter(target_key)).other] * 7
        assert all(
            a.stimulus_id != b.stimulus_id
            for a, b in zip(block.trials, block.trials[1:], strict=False)
        )
        assert len(block.left) + len(block.right) == 3
    assert session.study_type is StudyType.SCIAT


@pytest.mark.parametrize("seed", range(8))
def test_biat_alternates_focal_target_and_names_only_focal_categories(seed: int) -> None:
    session = plan("customer-brief", seed, "en")
    first = session.first_pairing
    assert [b.pairing for b in session.blocks] == [first, first.other, first, first.other]
    focal = session.sides.attribute_pos
    for block in session.blocks:
        focal_target = Category.TARGET_A if block.pairing is Pairing.A else Category.TARGET_B
        assert [label.category for label in block.labels_on(focal)] == [
            focal_target,
            Category.ATTRIBUTE_POS,
        ]
        assert block.labels_on(focal.other) == ()
        expected = {focal_target, Category.ATTRIBUTE_POS}
        assert all((t.correct_side is focal) == (t.category in expected) for t in block.trials)
        assert sum(t.correct_side is focal for t in block.trials) == 10
    key = session.keys.for_side(focal).upper()
    assert session.texts.blocks[0].reminder.startswith(f"Press {key} for ")
    assert session.texts.blocks[0].reminder.endswith("for any other word.")


def test_same_seed_same_session_and_counterbalancing_covers_both_orders() -> None:
    assert plan("customer-single", 11) == plan("customer-single", 11)
    firsts = {
        (plan("customer-brief", s).first_pairing, plan("customer-brief", s).sides.attribute_pos)
        for s in range(40)
    }
    assert len(firsts) == 4
    assert Side.LEFT in {side for _, side in firsts}
