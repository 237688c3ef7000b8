"""The closed vocabularies of an IAT, as string enums, and the language code.

Their values are the stable identifiers used in JSON, in the database and in
exports (``target_a``, ``attribute_pos``, ``A``, ``left``...).
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


class Language(str):
    """A language code ("fr", "en", "de"...): an open set, not an enum.

    Which languages exist is data, not code: a study lists its ``languages`` (with labels and
    stimuli in each), the test's texts are ``iat/data/texts/<code>.json``
    (:func:`iat.texts.text_languages`) and a questionnaire lists its own.

    Raises
    ------
    ValueError
        If the value is not two or three lowercase ASCII letters.
    """

    __slots__ = ()

    def __new__(cls, value: str) -> Language:
        if not isinstance(value, str) or not _LANGUAGE_CODE.match(value):
            raise ValueError(f"{value!r} is not a language code (two or three letters, a-z)")
        return super().__new__(cls, value)

    @property
    def value(self) -> str:
        """The code as a plain string (as for the enums of this module)."""
        return str.__str__(self)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            cls,
            core_schema.str_schema(),
            serialization=core_schema.plain_serializer_function_ser_schema(str.__str__),
        )


class Category(StrEnum):
    """The four categories of an IAT: two targets and two attributes."""

    TARGET_A = "target_a"
    TARGET_B = "target_b"
    ATTRIBUTE_POS = "attribute_pos"
    ATTRIBUTE_NEG = "attribute_neg"

    @property
    def kind(self) -> Kind:
        """Whether the category is a target or an attribute."""
        return Kind.TARGET if self.value.startswith("target") else Kind.ATTRIBUTE


class Kind(StrEnum):
    """Target (concept) or attribute (evaluation) category."""

    TARGET = "target"
    ATTRIBUTE = "attribute"

    @property
    def categories(self) -> tuple[Category, Category]:
        """The two categories of this kind, the "A"/positive one first."""
        if self is Kind.TARGET:
            return (Category.TARGET_A, Category.TARGET_B)
        return (Category.ATTRIBUTE_POS, Category.ATTRIBUTE_NEG)


class Side(StrEnum):
    """Response side; ``left`` is the E key, ``right`` the I key by default."""

    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        """The opposite side."""
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


class Pairing(StrEnum):
    """Which target shares a side with which attribute in a combined block.

    ``A`` is the hypothesis pairing (target A with attribute +, e.g.
    Customer + Pleasant); ``B`` is the reverse. D > 0 means faster in ``A``.
    """

    A = "A"
    B = "B"

    @property
    def other(self) -> Pairing:
        """The opposite pairing."""
        return Pairing.B if self is Pairing.A else Pairing.A


class Stage(StrEnum):
    """Practice or test part of a pairing (combined blocks only)."""

    PRACTICE = "practice"
    TEST = "test"


class BlockRole(StrEnum):
    """What a block shows (Greenwald, McGhee & Schwartz, 1998)."""

    TARGETS = "targets"
    ATTRIBUTES = "attributes"
    COMBINED = "combined"
    TARGETS_REVERSED = "targets_reversed"

    @property
    def kinds(self) -> tuple[Kind, ...]:
        """Category kinds shown in the block."""
        if self is BlockRole.ATTRIBUTES:
            return (Kind.ATTRIBUTE,)
        if self is BlockRole.COMBINED:
            return (Kind.TARGET, Kind.ATTRIBUTE)
        return (Kind.TARGET,)


class ErrorMode(StrEnum):
    """What happens after a wrong key.

    ``forced_correction``: a red X stays until the correct key is pressed (the
    built-in error penalty of Greenwald, Nosek & Banaji, 2003).
    ``flash``: a red X flashes and the next trial follows; scored with D600.
    """

    FORCED_CORRECTION = "forced_correction"
    FLASH = "flash"


class InputMode(StrEnum):
    """How the participant answers: physical keys or two on-screen zones."""

    KEYBOARD = "keyboard"
    TOUCH = "touch"


class StudyType(StrEnum):
    """Which test a study is: its block structure and its score.

    ``iat``: the seven-block IAT (Greenwald et al., 1998, 2003). ``biat``: the Brief IAT
    (Sriram & Greenwald, 2009): in each block a focal target and attribute + share one key,
    everything else takes the other; the focal target alternates between blocks. ``sciat``: the
    single-category IAT (Karpinski & Steinman, 2006): one target (``target_a``) with attribute +
    on one key, then with attribute − (pairings ``A`` and ``B``).
    """

    IAT = "iat"
    BIAT = "biat"
    SCIAT = "sciat"
