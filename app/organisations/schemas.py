"""Organisations and teams as the HR API reads and writes them."""

from __future__ import annotations

from pydantic import Field

from app.inputs import FromOrm, RowIdField
from app.inputs import StrictInput as _Strict


class OrganisationCreate(_Strict):
    name: str = Field(min_length=1, max_length=200)


class OrganisationRead(FromOrm):
    id: int
    name: str


class TeamCreate(_Strict):
    name: str = Field(min_length=1, max_length=200)
    parent_id: RowIdField | None = None


class TeamRead(FromOrm):
    id: int
    name: str
    parent_id: int | None
