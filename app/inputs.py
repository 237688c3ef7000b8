"""The base of request bodies: unknown fields and NUL characters are refused (422).

PostgreSQL text cannot hold NUL (``\\u0000``): without this check such a value reached the
database and failed there (500 on PostgreSQL, stored on SQLite); now both answer alike.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator


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
