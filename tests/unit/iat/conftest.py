"""Fixtures for the iat unit tests: the built-in studies and a study-dict factory."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import pytest

from iat import StudyDefinition, default_study


@pytest.fixture(scope="session")
def study() -> StudyDefinition:
    return default_study()


@pytest.fixture
def raw_study() -> dict[str, Any]:
    """A fresh, mutable copy of the default study's JSON document."""
    text = resources.files("iat").joinpath("data", "studies", "default.json").read_text("utf-8")
    return copy.deepcopy(json.loads(text))
