"""Loading studies: the built-in ones shipped in ``iat/data/studies``, or a file.

Every study, built-in or custom, goes through :func:`iat.study.parse_study`, so
a custom study is validated exactly like the built-in ones.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

from iat.errors import StudyDefinitionError, UnknownStudyError
from iat.study import StudyDefinition, parse_study

DEFAULT_STUDY_ID = "default"
_STUDY_DIR = ("data", "studies")


def load_study_json(text: str) -> StudyDefinition:
    """Parse and validate a study from JSON text.

    Raises
    ------
    StudyDefinitionError
        If the text is not JSON (field ``study``) or the definition is invalid.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StudyDefinitionError(
            "study", f"not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}"
        ) from exc
    return parse_study(data)


def load_study_file(path: str | Path) -> StudyDefinition:
    """Read, parse and validate a study JSON file.

    Raises
    ------
    StudyDefinitionError
        If the file cannot be read or the definition is invalid.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StudyDefinitionError("study", f"cannot read {path}: {exc}") from exc
    return load_study_json(text)


@cache
def _builtin_ids() -> tuple[str, ...]:
    folder = resources.files("iat").joinpath(*_STUDY_DIR)
    names = sorted(item.name for item in folder.iterdir() if item.name.endswith(".json"))
    ids = tuple(name.removesuffix(".json") for name in names)
    # The default study is listed first; the others follow in alphabetical order.
    return tuple(sorted(ids, key=lambda study_id: (study_id != DEFAULT_STUDY_ID, study_id)))


@cache
def load_builtin_study(study_id: str) -> StudyDefinition:
    """Load a built-in study by id (``default``, ``self-concept``).

    Raises
    ------
    UnknownStudyError
        If no built-in study has that id.
    """
    if study_id not in _builtin_ids():
        raise UnknownStudyError(study_id, _builtin_ids())
    resource = resources.files("iat").joinpath(*_STUDY_DIR, f"{study_id}.json")
    study = load_study_json(resource.read_text(encoding="utf-8"))
    if study.id != study_id:
        raise StudyDefinitionError("id", f"file {study_id}.json declares id {study.id!r}")
    return study


def list_builtin_studies() -> tuple[StudyDefinition, ...]:
    """All built-in studies, the default one first."""
    return tuple(load_builtin_study(study_id) for study_id in _builtin_ids())


def default_study() -> StudyDefinition:
    """The default "Client vs Interne" / "Customer vs Internal" study."""
    return load_builtin_study(DEFAULT_STUDY_ID)
