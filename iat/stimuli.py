"""Stimuli and category definitions.

A stimulus is a word (``TextStimulus``) or a picture with alt text
(``ImageStimulus``). In JSON a bare string is shorthand for a text stimulus,
so ``["Joie", "Paix"]`` and ``[{"type": "text", "text": "Joie"}, ...]`` are
the same definition (and have the same content hash).
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from iat.vocabulary import Language

_FROZEN = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class TextStimulus(BaseModel):
    """A word or short phrase shown in the centre of the screen."""

    model_config = _FROZEN

    type: Literal["text"] = "text"
    text: str = Field(min_length=1, max_length=80)

    @property
    def display(self) -> str:
        """What the participant reads (or a screen reader announces)."""
        return self.text

    @property
    def identity(self) -> str:
        """Normalised form used to detect duplicates (NFC, case-folded)."""
        return "text:" + unicodedata.normalize("NFC", self.text).casefold()


class ImageStimulus(BaseModel):
    """A picture, with the alt text a screen reader announces.

    ``src`` is a path relative to the study's asset folder or an absolute URL.
    """

    model_config = _FROZEN

    type: Literal["image"] = "image"
    src: str = Field(min_length=1, max_length=500)
    alt: str = Field(min_length=1, max_length=200)

    @property
    def display(self) -> str:
        """The alt text: what a screen reader announces."""
        return self.alt

    @property
    def identity(self) -> str:
        """Normalised form used to detect duplicates (the image source)."""
        return "image:" + self.src.casefold()


Stimulus = Annotated[TextStimulus | ImageStimulus, Field(discriminator="type")]


def _expand_shorthand(value: object) -> object:
    """Turn bare strings into text stimuli, leave everything else to pydantic."""
    if isinstance(value, str):
        return {"type": "text", "text": value}
    return value


class CategoryDefinition(BaseModel):
    """One category: its label and its stimuli, per language.

    Stimuli are identified by position: the third stimulus of ``target_a`` is
    ``"target_a:3"`` in every language, so keep translations in the same order
    when they correspond.
    """

    model_config = _FROZEN

    labels: dict[Language, Annotated[str, Field(min_length=1, max_length=40)]]
    stimuli: dict[Language, tuple[Stimulus, ...]]

    @field_validator("stimuli", mode="before")
    @classmethod
    def _shorthand(cls, value: object) -> object:
        if not isinstance(value, dict):
            return value
        return {
            lang: [_expand_shorthand(item) for item in items] if isinstance(items, list) else items
            for lang, items in value.items()
        }
