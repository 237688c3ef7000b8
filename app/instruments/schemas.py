"""API shapes of the organisation's studies and pictures."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ImageRead(BaseModel):
    """A stored picture: where it is served, its size after resizing."""

    src: str = Field(description="`/media/<sha256>.<ext>`: the `src` of an image stimulus.")
    width: int
    height: int
