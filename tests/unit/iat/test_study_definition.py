"""Study definitions: built-ins, canonical JSON, content hash, validation errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from iat import (
    BlockPlanError,
    Category,
    ErrorMode,
    ImageStimulus,
    Language,
    StudyDefinition,
    StudyDefinitionError,
    UnknownStudyError,
    canonical_json,
    default_study,
    list_builtin_studies,
    load_builtin_study,
    load_study_file,
    load_study_json,
    parse_study,
    study_document,
)


def test_builtin_studies_are_listed_default_first() -> None:
    ids = [s.id for s in list_builtin_studies()]
    assert ids[0] == "default"
    assert "self-concept" in ids


def test_default_study_matches_the_instrument(study: StudyDefinition) -> None:
    assert study.languages == (Language("fr"), Language("en"))
    assert study.label(Category.TARGET_A, Language("fr")) == "Client"
    assert study.label(Category.ATTRIBUTE_NEG, Language("en")) == "Unpleasant"
    fr_words = [s.display for s in study.categories.target_b.stimuli[Language("fr")]]
    assert fr_words[-1] == "Note interne"
    assert study.keys.left == "e" and study.keys.right == "i"
    assert study.error_mode is ErrorMode.FORCED_CORRECTION
    assert study.iti_ms == 250
    assert [b.n_trials for b in study.block_plan.blocks] == [20, 20, 20, 40, 40, 20, 40]


def test_self_concept_variant_loads() -> None:
    variant = load_builtin_study("self-concept")
    assert variant.label(Category.TARGET_B, Language("fr")) == "Autrui"
    assert variant.label(Category.ATTRIBUTE_POS, Language("en")) == "Customer-focused"


def test_unknown_builtin_study_is_a_typed_error() -> None:
    with pytest.raises(UnknownStudyError) as info:
        load_builtin_study("nope")
    assert "default" in info.value.known


def test_version_is_sha256_of_canonical_json(study: StudyDefinition) -> None:
    import hashlib

    assert study.version == hashlib.sha256(canonical_json(study).encode()).hexdigest()
    assert len(study.version) == 64


def test_shorthand_and_key_order_do_not_change_the_hash(raw_study: dict[str, Any]) -> None:
    expanded = json.loads(json.dumps(raw_study))
    words = expanded["categories"]["target_a"]["stimuli"]["fr"]
    expanded["categories"]["target_a"]["stimuli"]["fr"] = [
        {"type": "text", "text": w} for w in words
    ]
    reordered = dict(reversed(list(expanded.items())))
    assert parse_study(reordered).version == parse_study(raw_study).version


def test_defaults_written_or_omitted_give_the_same_hash(raw_study: dict[str, Any]) -> None:
    trimmed = {k: v for k, v in raw_study.items() if k not in ("keys", "iti_ms", "block_plan")}
    assert parse_study(trimmed).version == parse_study(raw_study).version


def test_any_change_makes_a_new_version(raw_study: dict[str, Any]) -> None:
    before = parse_study(raw_study).version
    raw_study["categories"]["attribute_pos"]["stimuli"]["en"][0] = "Glee"
    assert parse_study(raw_study).version != before


def test_document_round_trips_with_its_version(study: StudyDefinition) -> None:
    document = study_document(study)
    assert parse_study(document) == study
    assert load_study_json(json.dumps(document)).version == study.version


def test_wrong_claimed_version_is_rejected(study: StudyDefinition) -> None:
    document = {**study_document(study), "version": "0" * 64}
    with pytest.raises(StudyDefinitionError) as info:
        parse_study(document)
    assert info.value.field == "version"


def test_image_stimuli_fit_the_model(raw_study: dict[str, Any]) -> None:
    raw_study["categories"]["target_a"]["stimuli"]["en"] = [
        {"type": "image", "src": "img/buyer.png", "alt": "A buyer at a counter"},
        {"type": "image", "src": "img/guest.png", "alt": "A hotel guest"},
    ]
    stimulus = parse_study(raw_study).categories.target_a.stimuli[Language("en")][0]
    assert isinstance(stimulus, ImageStimulus)
    assert stimulus.display == "A buyer at a counter"


def test_models_are_frozen(study: StudyDefinition) -> None:
    with pytest.raises(ValueError, match="frozen"):
        study.iti_ms = 100


def _error(raw: dict[str, Any]) -> StudyDefinitionError:
    with pytest.raises(StudyDefinitionError) as info:
        parse_study(raw)
    return info.value


def test_stimulus_in_two_categories(raw_study: dict[str, Any]) -> None:
    raw_study["categories"]["attribute_neg"]["stimuli"]["fr"][0] = "budget"
    error = _error(raw_study)
    assert error.field == "categories.attribute_neg.stimuli.fr[0]"
    assert "two categories" in error.problem and "target_b" in error.problem


def test_empty_category(raw_study: dict[str, Any]) -> None:
    raw_study["categories"]["target_b"]["stimuli"]["en"] = []
    error = _error(raw_study)
    assert error.field == "categories.target_b.stimuli.en"
    assert "empty" in error.problem


def test_fewer_than_two_stimuli(raw_study: dict[str, Any]) -> None:
    raw_study["categories"]["target_b"]["stimuli"]["en"] = ["Meeting"]
    error = _error(raw_study)
    assert error.field == "categories.target_b.stimuli.en"
    assert "at least 2" in error.problem


def test_duplicate_word_is_case_insensitive(raw_study: dict[str, Any]) -> None:
    raw_study["categories"]["attribute_pos"]["stimuli"]["en"][3] = " JOY "
    error = _error(raw_study)
    assert error.field == "categories.attribute_pos.stimuli.en[3]"
    assert "duplicate" in error.problem


def test_language_missing_a_label(raw_study: dict[str, Any]) -> None:
    del raw_study["categories"]["attribute_pos"]["labels"]["en"]
    error = _error(raw_study)
    assert error.field == "categories.attribute_pos.labels"
    assert "'en'" in error.problem


def test_language_missing_a_stimulus_list(raw_study: dict[str, Any]) -> None:
    del raw_study["categories"]["target_a"]["stimuli"]["fr"]
    error = _error(raw_study)
    assert error.field == "categories.target_a.stimuli"
    assert "'fr'" in error.problem


def test_language_not_declared(raw_study: dict[str, Any]) -> None:
    raw_study["languages"] = ["fr"]
    error = _error(raw_study)
    assert error.field == "title.en"


def test_malformed_language_code(raw_study: dict[str, Any]) -> None:
    raw_study["languages"] = ["fr", "Deutsch"]
    assert _error(raw_study).field == "languages[1]"


def test_a_new_language_is_data_only(raw_study: dict[str, Any]) -> None:
    """A study in German needs its German labels and stimuli, no code."""
    raw_study["languages"] = ["fr", "en", "de"]
    for field in ("title", "description"):
        if "en" in raw_study.get(field, {}):
            raw_study[field]["de"] = raw_study[field]["en"]
    for category in raw_study["categories"].values():
        category["labels"]["de"] = category["labels"]["en"]
        category["stimuli"]["de"] = category["stimuli"]["en"]
    assert "de" in parse_study(raw_study).languages


def test_unknown_top_level_key(raw_study: dict[str, Any]) -> None:
    raw_study["colour"] = "blue"
    error = _error(raw_study)
    assert (error.field, error.problem) == ("colour", "unknown key")


def test_unknown_nested_key(raw_study: dict[str, Any]) -> None:
    raw_study["categories"]["target_a"]["label"] = "typo"
    assert _error(raw_study).field == "categories.target_a.label"


def test_unknown_category(raw_study: dict[str, Any]) -> None:
    raw_study["categories"]["target_c"] = raw_study["categories"]["target_a"]
    assert _error(raw_study).field == "categories.target_c"


@pytest.mark.parametrize("keys", [{"left": "enter", "right": "i"}, {"left": " ", "right": "i"}])
def test_response_key_must_be_one_printable_key(raw_study: dict[str, Any], keys: Any) -> None:
    raw_study["keys"] = keys
    assert _error(raw_study).field == "keys.left"


def test_response_keys_must_differ(raw_study: dict[str, Any]) -> None:
    raw_study["keys"] = {"left": "E", "right": "e"}
    error = _error(raw_study)
    assert error.field == "keys.right"


def test_same_label_twice(raw_study: dict[str, Any]) -> None:
    raw_study["categories"]["target_b"]["labels"]["fr"] = "client"
    assert _error(raw_study).field == "categories.target_b.labels.fr"


def test_plan_that_never_shows_both_pairings(raw_study: dict[str, Any]) -> None:
    blocks = raw_study["block_plan"]["blocks"]
    raw_study["block_plan"]["blocks"] = blocks[:4]
    error = _error(raw_study)
    assert isinstance(error, BlockPlanError)
    assert error.field == "block_plan.blocks"
    assert "both pairings" in error.problem


def test_zero_length_block(raw_study: dict[str, Any]) -> None:
    raw_study["block_plan"]["blocks"][4]["n_trials"] = 0
    assert _error(raw_study).field == "block_plan.blocks[4].n_trials"


def test_combined_block_without_stage(raw_study: dict[str, Any]) -> None:
    raw_study["block_plan"]["blocks"][2]["stage"] = None
    error = _error(raw_study)
    assert isinstance(error, BlockPlanError)
    assert error.field == "block_plan.blocks[2].stage"


def test_errors_are_value_errors_with_field_and_problem() -> None:
    error = StudyDefinitionError("iti_ms", "too long")
    assert isinstance(error, ValueError)
    assert str(error) == "iti_ms: too long"


def test_invalid_json_text() -> None:
    with pytest.raises(StudyDefinitionError, match="not valid JSON"):
        load_study_json("{not json")


def test_custom_study_file_is_validated_like_builtins(
    tmp_path: Path, raw_study: dict[str, Any]
) -> None:
    raw_study["id"] = "custom"
    path = tmp_path / "custom.json"
    path.write_text(json.dumps(raw_study), encoding="utf-8")
    assert load_study_file(path).id == "custom"
    raw_study["categories"]["target_a"]["stimuli"]["en"] = ["Only"]
    path.write_text(json.dumps(raw_study), encoding="utf-8")
    with pytest.raises(StudyDefinitionError, match="at least 2"):
        load_study_file(path)


def test_missing_file() -> None:
    with pytest.raises(StudyDefinitionError, match="cannot read"):
        load_study_file("/nonexistent/study.json")


def test_builtin_loads_are_cached() -> None:
    assert default_study() is default_study()
