"""The base of request bodies: unknown fields and NUL characters are refused (422).

PostgreSQL text cannot hold NUL (``\\u0000``): without this check such a value reached the
database and failed there (500 on PostgreSQL, stored on SQLite); now both answer alike.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.domain import MAX_ROW_ID


def has_nul(value: object) -> bool:
    """Whether ``value`` (a decoded JSON value) holds a NUL character anywhere."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(key) or has_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(item) for item in value)
    return False


class StrictInput(BaseModel):
    """A request body: unknown fields and NUL characters are refused."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_nul_characters(cls, data: object) -> object:
        if has_nul(data):
            raise ValueError("text may not contain NUL characters (\\u0000)")
        return data


class FromOrm(BaseModel):
    """The base of a read shape built from an ORM row."""

    model_config = ConfigDict(from_attributes=True)


# A row id in a request: positive and within the database's integer range.
RowIdField = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]
