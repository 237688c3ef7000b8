"""Custom banks: each kind of mistake raises its own typed error."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from iat.questionnaire import (
    load_builtin_questionnaire,
    load_questionnaire_file,
    parse_questionnaire,
)
from iat.questionnaire_errors import (
    DuplicateIdError,
    EmptySubscaleError,
    ItemOrderError,
    LabelCountError,
    MissingTranslationError,
    PageSizeError,
    QuestionnaireError,
    QuestionnaireFormatError,
    ScalePointsError,
    UnknownSubscaleError,
    VersionMismatchError,
)

Doc = dict[str, Any]
BASE: Doc = load_builtin_questionnaire().model_dump(mode="json")


def edited(change: Callable[[Doc], object]) -> Doc:
    data = copy.deepcopy(BASE)
    change(data)
    return data


def seven_points(d: Doc) -> None:
    d["scale"]["points"] = 7
    d["scale"]["labels"] = [{"fr": f"{k}", "en": f"{k}"} for k in range(1, 8)]


def test_a_seven_point_bank_is_valid() -> None:
    assert parse_questionnaire(edited(seven_points)).scale.points == 7


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda d: d["items"][1].update(id="LEAD1"), DuplicateIdError),
        (lambda d: d["context_questions"][0].update(id="LEAD1"), DuplicateIdError),
        (lambda d: d["subscales"].append(dict(d["subscales"][0])), DuplicateIdError),
        (
            lambda d: d["context_questions"][0]["options"][1].update(code="front_line"),
            DuplicateIdError,
        ),
        (lambda d: d["items"][0].update(subscale="CULT"), UnknownSubscaleError),
        (
            lambda d: d["subscales"].append({"code": "CULT", "name": {"fr": "x", "en": "x"}}),
            EmptySubscaleError,
        ),
        (lambda d: d["items"][3]["text"].pop("en"), MissingTranslationError),
        (lambda d: d["items"][3]["text"].update(de="Text"), MissingTranslationError),
        (lambda d: d["items"][3]["text"].update(fr="  "), MissingTranslationError),
        (lambda d: d["scale"]["dont_know"].pop("fr"), MissingTranslationError),
        (
            lambda d: d["context_questions"][2]["options"][0]["label"].pop("en"),
            MissingTranslationError,
        ),
        (lambda d: d.update(source_language="de"), MissingTranslationError),
        (lambda d: d["scale"].update(points=2), ScalePointsError),
        (lambda d: d["scale"].update(points=12), ScalePointsError),
        (lambda d: d["scale"].update(points=7), LabelCountError),
        (lambda d: d["scale"]["labels"].pop(), LabelCountError),
        (lambda d: d.update(item_order="grouped"), ItemOrderError),
        (lambda d: d["items"].insert(1, d["items"].pop(3)), ItemOrderError),
        (lambda d: d.update(items_per_page=0), PageSizeError),
        (lambda d: d.update(version="0" * 64), VersionMismatchError),
        (lambda d: d["items"][0].update(reverse="sometimes"), QuestionnaireFormatError),
        (lambda d: d.update(colour="blue"), QuestionnaireFormatError),
        (lambda d: d.pop("items"), QuestionnaireFormatError),
    ],
)
def test_invalid_bank_raises_typed_error(change: Callable[[Doc], object], error: type) -> None:
    with pytest.raises(error) as caught:
        parse_questionnaire(edited(change))
    assert isinstance(caught.value, QuestionnaireError)
    assert isinstance(caught.value, ValueError)


def test_grouped_order_is_accepted_when_contiguous() -> None:
    def group(d: Doc) -> None:
        d["items"].sort(key=lambda item: (item["subscale"], item["id"]))
        d["item_order"] = "grouped"

    bank = parse_questionnaire(edited(group))
    assert bank.subscale_of_item[:8] == ("AUTO",) * 8


def test_file_that_is_not_json_is_a_format_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(QuestionnaireFormatError):
        load_questionnaire_file(path)
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(QuestionnaireFormatError):
        load_questionnaire_file(path)
