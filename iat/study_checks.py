"""Semantic checks of a study definition, each raising a typed error.

Pydantic checks the shape (types, unknown keys); these functions check what a
shape cannot say: every language complete, no empty or tiny category, no word
twice, no word in two categories, distinct labels.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from iat.errors import StudyDefinitionError
from iat.stimuli import CategoryDefinition, ImageStimulus, TextStimulus
from iat.vocabulary import Category, Language

MIN_STIMULI = 2


def check_study(
    languages: Sequence[Language],
    title: Mapping[Language, str],
    description: Mapping[Language, str],
    categories: Mapping[Category, CategoryDefinition],
) -> None:
    """Raise :class:`StudyDefinitionError` for the first problem of a study.

    Raises
    ------
    StudyDefinitionError
        Field and problem, e.g. ``categories.target_a.stimuli.fr``: "has 1 stimulus;
        at least 2 are needed".
    """
    _check_languages(languages)
    _check_per_language("title", title, languages, required=True)
    _check_per_language("description", description, languages, required=False)
    for category, definition in categories.items():
        _check_category(category, definition, languages)
    for language in languages:
        _check_distinct_labels(categories, language)
        _check_disjoint_stimuli(categories, language)


def _check_languages(languages: Sequence[Language]) -> None:
    if len(set(languages)) != len(languages):
        raise StudyDefinitionError("languages", "a language is listed twice")


def _check_per_language(
    field: str, values: Mapping[Language, object], languages: Sequence[Language], *, required: bool
) -> None:
    for language in values:
        if language not in languages:
            raise StudyDefinitionError(
                f"{field}.{language}", f"language {language!r} is not listed in languages"
            )
    for language in languages if required else ():
        if language not in values:
            raise StudyDefinitionError(field, f"missing the {language!r} entry")


def _check_category(
    category: Category, definition: CategoryDefinition, languages: Sequence[Language]
) -> None:
    prefix = f"categories.{category}"
    _check_per_language(f"{prefix}.labels", definition.labels, languages, required=True)
    _check_per_language(f"{prefix}.stimuli", definition.stimuli, languages, required=True)
    for language, stimuli in definition.stimuli.items():
        field = f"{prefix}.stimuli.{language}"
        if not stimuli:
            raise StudyDefinitionError(field, "the category is empty: it has no stimuli")
        if len(stimuli) < MIN_STIMULI:
            raise StudyDefinitionError(
                field, f"has {len(stimuli)} stimulus; at least {MIN_STIMULI} are needed"
            )
        _check_no_duplicates(field, stimuli)


def _check_no_duplicates(field: str, stimuli: Sequence[TextStimulus | ImageStimulus]) -> None:
    seen: dict[str, int] = {}
    for position, stimulus in enumerate(stimuli):
        if stimulus.identity in seen:
            raise StudyDefinitionError(
                f"{field}[{position}]",
                f"duplicate stimulus {stimulus.display!r} "
                f"(same as position {seen[stimulus.identity]})",
            )
        seen[stimulus.identity] = position


def _check_distinct_labels(
    categories: Mapping[Category, CategoryDefinition], language: Language
) -> None:
    owners: dict[str, Category] = {}
    for category, definition in categories.items():
        label = definition.labels[language].casefold()
        if label in owners:
            raise StudyDefinitionError(
                f"categories.{category}.labels.{language}",
                f"label {definition.labels[language]!r} is also the label of {owners[label]}",
            )
        owners[label] = category


def _check_disjoint_stimuli(
    categories: Mapping[Category, CategoryDefinition], language: Language
) -> None:
    owners: dict[str, Category] = {}
    for category, definition in categories.items():
        for position, stimulus in enumerate(definition.stimuli[language]):
            owner = owners.setdefault(stimulus.identity, category)
            if owner is not category:
                raise StudyDefinitionError(
                    f"categories.{category}.stimuli.{language}[{position}]",
                    f"stimulus {stimulus.display!r} is in two categories: {owner} and {category}",
                )
