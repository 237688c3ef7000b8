"""Participant-facing wording: every language, input mode and error mode."""

from __future__ import annotations

import itertools
import re

import pytest

from iat import (
    Counterbalancing,
    ErrorMode,
    InputMode,
    Language,
    Pairing,
    SessionPlan,
    Side,
    StudyDefinition,
    generate_session_plan,
    session_texts,
)
from iat.texts import build_session_texts, text_languages

A_LEFT = Counterbalancing(first_pairing=Pairing.A, attribute_pos_side=Side.LEFT)


def _plan(study: StudyDefinition, language: Language) -> SessionPlan:
    return generate_session_plan(study, None, 5, language, counterbalancing=A_LEFT)


def _all_strings(plan: SessionPlan, mode: InputMode, error_mode: ErrorMode) -> list[str]:
    texts = build_session_texts(
        plan.blocks, ("e", "i"), plan.language, error_mode, mode
    ).model_dump()
    out: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(texts)
    return out


@pytest.mark.parametrize(
    ("language", "mode", "error_mode"),
    list(itertools.product(map(Language, text_languages()), InputMode, ErrorMode)),
)
def test_every_template_is_filled(
    study: StudyDefinition, language: Language, mode: InputMode, error_mode: ErrorMode
) -> None:
    strings = _all_strings(_plan(study, language), mode, error_mode)
    assert strings
    assert not [s for s in strings if re.search(r"[{}]", s)]


def test_french_reminder_names_keys_and_labels(study: StudyDefinition) -> None:
    texts = session_texts(_plan(study, Language("fr")))
    assert texts.blocks[2].reminder == (
        "Appuyez sur E pour Client ou Agréable, sur I pour Interne ou Désagréable."
    )
    assert texts.blocks[2].progress == "Bloc 3 sur 7"
    assert "croix rouge" in texts.error_hint and "autre touche" in texts.error_hint


def test_english_reminder_after_the_reversal(study: StudyDefinition) -> None:
    texts = session_texts(_plan(study, Language("en")))
    assert texts.blocks[4].progress == "Block 5 of 7"
    assert texts.blocks[5].reminder == (
        "Press E for Internal or Pleasant, I for Customer or Unpleasant."
    )
    assert "swapped" in texts.blocks[4].instructions[0]


def test_touch_variants_speak_of_zones(study: StudyDefinition) -> None:
    texts = session_texts(_plan(study, Language("en")), InputMode.TOUCH)
    assert (
        texts.blocks[0].reminder == "Tap the left zone for Customer, the right zone for Internal."
    )
    assert "tap the other zone" in texts.error_hint
    assert texts.error_prompt == "Tap the other zone."
    # The start text is the touch screen's button; the pause points at it.
    assert texts.blocks[0].start == "Start" and "button" in texts.pause
    assert "space" not in texts.pause


@pytest.mark.parametrize(
    ("language", "mode", "prompt"),
    [
        ("fr", InputMode.KEYBOARD, "Appuyez sur l'autre touche."),
        ("en", InputMode.KEYBOARD, "Press the other key."),
        ("fr", InputMode.TOUCH, "Touchez l'autre zone."),
    ],
)
def test_after_a_wrong_key_the_prompt_says_what_to_do(
    study: StudyDefinition, language: str, mode: InputMode, prompt: str
) -> None:
    plan = _plan(study, Language(language))
    texts = build_session_texts(plan.blocks, ("e", "i"), plan.language, plan.error_mode, mode)
    assert (plan.error_mode, texts.error_prompt) == (ErrorMode.FORCED_CORRECTION, prompt)


def test_a_plan_stored_before_the_prompt_existed_still_reads(study: StudyDefinition) -> None:
    data = _plan(study, Language("fr")).model_dump(mode="json")
    del data["texts"]["error_prompt"]
    assert SessionPlan.model_validate(data).texts.error_prompt == ""


def test_flash_mode_does_not_ask_for_a_correction(study: StudyDefinition) -> None:
    plan = _plan(study, Language("en"))
    texts = build_session_texts(
        plan.blocks, ("e", "i"), plan.language, ErrorMode.FLASH, plan.input_mode
    )
    assert "carry on" in texts.error_hint
    assert texts.error_prompt == "Carry on with the next word."


def test_texts_travel_with_the_plan_json(study: StudyDefinition) -> None:
    data = _plan(study, Language("fr")).model_dump(mode="json")
    assert data["texts"]["language"] == "fr"
    assert len(data["texts"]["blocks"]) == len(data["blocks"])
