"""Study definitions: the immutable, versioned description of one IAT.

A study is serialised to canonical JSON (keys sorted, no insignificant
whitespace, UTF-8, every default written out, text shorthand expanded) and its
SHA-256 digest is its version: any change to words, labels, keys, error mode,
interval or block plan makes a new version.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from functools import cached_property
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from iat.blocks import BlockPlan, standard_block_plan
from iat.errors import StudyDefinitionError, study_error_from
from iat.stimuli import CategoryDefinition
from iat.study_checks import check_study
from iat.study_types import check_study_type
from iat.vocabulary import Category, ErrorMode, Language, Side, StudyType

_FROZEN = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)
DEFAULT_ITI_MS = 250


class Categories(BaseModel):
    """The categories of a study, under their stable identifiers.

    ``target_b`` is absent (``null``) only in a single-category IAT.
    """

    model_config = _FROZEN

    target_a: CategoryDefinition
    target_b: CategoryDefinition | None = None
    attribute_pos: CategoryDefinition
    attribute_neg: CategoryDefinition

    def get(self, category: Category) -> CategoryDefinition:
        """Return the definition of ``category``.

        Raises
        ------
        StudyDefinitionError
            If the study has no such category (``target_b`` of a single-category IAT).
        """
        definition: CategoryDefinition | None = getattr(self, category.value)
        if definition is None:
            raise StudyDefinitionError(f"categories.{category}", "this study has no such category")
        return definition

    def items(self) -> Iterator[tuple[Category, CategoryDefinition]]:
        """Iterate over the present ``(category, definition)`` in the canonical order."""
        for category in Category:
            definition: CategoryDefinition | None = getattr(self, category.value)
            if definition is not None:
                yield category, definition


class ResponseKeys(BaseModel):
    """The key for each side, as ``KeyboardEvent.key`` in lower case (default E / I)."""

    model_config = _FROZEN

    left: str = "e"
    right: str = "i"

    @field_validator("left", "right")
    @classmethod
    def _single_key(cls, value: str) -> str:
        if len(value) != 1 or not value.isprintable() or value.isspace():
            raise ValueError(f"{value!r} is not a single printable key")
        return value.lower()

    @model_validator(mode="after")
    def _distinct(self) -> ResponseKeys:
        if self.left == self.right:
            raise StudyDefinitionError("right", f"both sides use the key {self.left!r}")
        return self

    def for_side(self, side: Side) -> str:
        """The key that answers ``side``."""
        return self.left if side is Side.LEFT else self.right


StudyId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
LocalText = dict[Language, Annotated[str, Field(min_length=1, max_length=200)]]


class StudyDefinition(BaseModel):
    """One IAT: categories, stimuli, labels per language, keys, error mode, plan.

    Attributes
    ----------
    id : str
        Slug (``default``, ``self-concept``).
    type : StudyType
        ``iat`` (default), ``biat`` or ``sciat`` (see :class:`iat.vocabulary.StudyType`);
        the block plan and the categories must fit it (:mod:`iat.study_types`).
    title, description : dict
        Per-language name and optional description shown to researchers.
    languages : tuple of Language
        Languages the study can be run in; every label, title and stimulus list
        must exist for each of them.
    categories : Categories
        ``target_a``, ``target_b``, ``attribute_pos``, ``attribute_neg``.
    keys : ResponseKeys
        Default ``e`` (left) and ``i`` (right).
    error_mode : ErrorMode
        Default ``forced_correction`` (Greenwald et al., 2003).
    iti_ms : int
        Inter-trial interval, default 250 ms (Greenwald et al., 1998).
    block_plan : BlockPlan
        Default :func:`iat.blocks.standard_block_plan`.
    """

    model_config = _FROZEN

    id: StudyId
    type: StudyType = StudyType.IAT
    title: LocalText
    description: LocalText = Field(default_factory=dict)
    languages: tuple[Language, ...] = Field(min_length=1)
    categories: Categories
    keys: ResponseKeys = Field(default_factory=ResponseKeys)
    error_mode: ErrorMode = ErrorMode.FORCED_CORRECTION
    iti_ms: int = Field(default=DEFAULT_ITI_MS, ge=0, le=5000)
    block_plan: BlockPlan = Field(default_factory=standard_block_plan)

    @model_validator(mode="after")
    def _semantic_checks(self) -> StudyDefinition:
        check_study(self.languages, self.title, self.description, dict(self.categories.items()))
        check_study_type(self.type, self.categories.target_b is not None, self.block_plan)
        return self

    @cached_property
    def version(self) -> str:
        """SHA-256 hex digest of :func:`canonical_json`: the study's version."""
        return hashlib.sha256(canonical_json(self).encode("utf-8")).hexdigest()

    def label(self, category: Category, language: Language) -> str:
        """The label of ``category`` in ``language``."""
        return self.categories.get(category).labels[language]


def canonical_json(study: StudyDefinition) -> str:
    """Serialise ``study`` to its canonical JSON text (without the version).

    A 7-block IAT's text has no ``type`` key (nor an absent ``target_b``), so studies written
    before the Brief and single-category IATs existed keep their version.
    """
    data = study.model_dump(mode="json")
    if data["type"] == StudyType.IAT:
        del data["type"]
    if data["categories"]["target_b"] is None:
        del data["categories"]["target_b"]
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def study_document(study: StudyDefinition) -> dict[str, Any]:
    """The study as a JSON-ready dict, with its ``version`` first."""
    return {"version": study.version, **study.model_dump(mode="json")}


def parse_study(data: object) -> StudyDefinition:
    """Validate a decoded JSON document into a :class:`StudyDefinition`.

    A ``version`` key is optional; when present it must equal the content hash.

    Raises
    ------
    StudyDefinitionError
        Naming the field and the problem (the first one found).
    """
    if not isinstance(data, dict):
        raise StudyDefinitionError("study", "a study must be a JSON object")
    claimed = data.get("version")
    body = {key: value for key, value in data.items() if key != "version"}
    try:
        study = StudyDefinition.model_validate(body)
    except ValidationError as exc:
        raise study_error_from(exc.errors()) from exc
    if claimed is not None and claimed != study.version:
        raise StudyDefinitionError(
            "version", f"{claimed!r} does not match the content hash {study.version}"
        )
    return study
