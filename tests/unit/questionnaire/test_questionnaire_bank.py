"""The built-in item bank: content, version, order and pages."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pytest

from iat.questionnaire import (
    ItemOrder,
    Questionnaire,
    list_builtin_questionnaires,
    load_builtin_questionnaire,
    load_questionnaire_file,
    paginate,
    parse_questionnaire,
)
from iat.questionnaire_errors import PageSizeError, UnknownQuestionnaireError
from scoring.psychometrics import subscale_scores

SOURCE = Path("/work/shared/instruments/questionnaire-items.md")


@pytest.fixture(scope="module")
def bank() -> Questionnaire:
    return load_builtin_questionnaire("default")


def test_default_is_listed() -> None:
    assert "default" in list_builtin_questionnaires()


def test_unknown_builtin_raises() -> None:
    with pytest.raises(UnknownQuestionnaireError):
        load_builtin_questionnaire("nope")


def test_default_has_24_items_8_per_subscale_3_reversed(bank: Questionnaire) -> None:
    assert len(bank.items) == 24
    for code in ("LEAD", "CONN", "AUTO"):
        assert bank.subscale_of_item.count(code) == 8
    assert {i.id for i in bank.items if i.reverse} == {"LEAD8", "CONN8", "AUTO8"}
    assert bank.scale.points == 5
    assert bank.scale.labels[0]["fr"] == "Pas du tout d'accord"
    assert bank.scale.labels[4]["en"] == "Strongly agree"
    assert bank.scale.dont_know["en"] == "Don't know / Not applicable"


@pytest.mark.skipif(not SOURCE.exists(), reason="instrument document not available")
def test_wording_matches_the_instrument_document(bank: Questionnaire) -> None:
    rows = re.findall(
        r"^\| ((?:LEAD|CONN|AUTO)\d)(?: \(R\))? \| [^|]+ \| ([^|]+) \| ([^|]+) \|$",
        SOURCE.read_text(encoding="utf-8"),
        re.M,
    )
    expected = {item_id: {"fr": fr.strip(), "en": en.strip()} for item_id, fr, en in rows}
    assert {item.id: item.text for item in bank.items} == expected


def test_order_is_interleaved_with_reversed_items_on_pages_2_to_4(bank: Questionnaire) -> None:
    assert bank.item_order is ItemOrder.INTERLEAVED
    assert bank.item_ids[:3] == ("LEAD1", "CONN1", "AUTO1")
    pages = paginate(bank)
    reversed_pages = [p.number for p in pages for i in p.items if i.reverse]
    assert reversed_pages == [2, 3, 4]


def test_pages_hold_six_items_then_the_context_questions(bank: Questionnaire) -> None:
    pages = paginate(bank)
    assert [len(p.items) for p in pages] == [6, 6, 6, 6, 0]
    assert [p.number for p in pages] == [1, 2, 3, 4, 5]
    assert [c.id for c in pages[-1].context_questions] == [
        "role_family",
        "customer_contact",
        "seniority",
    ]
    assert tuple(i for p in pages for i in p.items) == bank.items


def test_custom_page_size_and_bad_page_size(bank: Questionnaire) -> None:
    assert [len(p.items) for p in paginate(bank, per_page=10)][:3] == [10, 10, 4]
    with pytest.raises(PageSizeError):
        paginate(bank, per_page=0)


def test_context_questions_are_coarse(bank: Questionnaire) -> None:
    codes = {c.id: [o.code for o in c.options] for c in bank.context_questions}
    assert codes["role_family"] == ["front_line", "support", "management"]
    assert all(2 <= len(options) <= 4 for options in codes.values())


def test_version_is_sha256_of_canonical_json(bank: Questionnaire) -> None:
    canonical = json.dumps(
        bank.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert bank.canonical_json() == canonical
    assert bank.version == hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def test_version_changes_with_any_wording(bank: Questionnaire) -> None:
    data = bank.model_dump(mode="json")
    data["items"][0]["text"]["en"] += "!"
    assert parse_questionnaire(data).version != bank.version


def test_round_trip_through_a_file_keeps_the_version(bank: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "bank.json"
    document = bank.model_dump(mode="json") | {"version": bank.version}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    assert load_questionnaire_file(path) == bank
    assert load_questionnaire_file(path).version == bank.version


def test_bank_is_immutable(bank: Questionnaire) -> None:
    with pytest.raises(ValueError):
        bank.items_per_page = 3  # type: ignore[misc]


def test_bank_metadata_feeds_subscale_scoring(bank: Questionnaire) -> None:
    everything_agree = np.full((1, 24), 5.0)
    scores = subscale_scores(
        everything_agree, bank.subscale_of_item, bank.reverse_keyed, bank.scale.points
    )
    assert scores.names == ("LEAD", "CONN", "AUTO")
    np.testing.assert_allclose(scores.scores, [[(7 * 5 + 1) / 8] * 3])  # the (R) item becomes 1
