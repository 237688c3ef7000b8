"""Every typed error of ``iat`` that a study editor can meet is shown in the page's language:
each sentence ``iat`` writes is recognised (none falls back to the generic "not valid")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.errors import translated
from app.instruments.study_problems import OTHER, study_problem
from iat import parse_study
from iat.errors import StudyDefinitionError
from tests.support.studies import study_doc

Change = Callable[[dict[str, Any]], None]


def _stimuli(doc: dict[str, Any], category: str) -> list[Any]:
    stimuli: list[Any] = doc["categories"][category]["stimuli"]["en"]
    return stimuli


CHANGES: dict[str, Change] = {
    "empty": lambda d: _stimuli(d, "target_a").clear(),
    "one stimulus": lambda d: _stimuli(d, "target_a").__delitem__(slice(1, None)),
    "twice": lambda d: _stimuli(d, "target_a").append("client"),
    "two categories": lambda d: _stimuli(d, "target_b").append("Client"),
    "same label": lambda d: d["categories"]["target_b"]["labels"].update(en="customer"),
    "unlisted language": lambda d: d["title"].update(fr="Titre"),
    "missing entry": lambda d: d["categories"]["target_a"]["labels"].clear(),
    "language twice": lambda d: d.update(languages=["en", "en"]),
    "unknown key": lambda d: d.update(colour="red"),
    "missing key": lambda d: d.pop("categories"),
    "same keys": lambda d: d.update(keys={"left": "e", "right": "E"}),
}


@pytest.mark.parametrize("name", CHANGES)
def test_each_iat_error_has_its_own_translated_words(name: str) -> None:
    doc = study_doc()
    CHANGES[name](doc)
    with pytest.raises(StudyDefinitionError) as caught:
        parse_study(doc)
    problem = study_problem(caught.value)
    assert problem.message != OTHER, caught.value.problem
    assert "[" not in problem.field  # positions dropped: the form field's name
    french = translated(problem.message, problem.params, "fr")
    assert french != translated(problem.message, problem.params, "en")
