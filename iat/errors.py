"""Typed errors raised by the :mod:`iat` package.

Every error is a :class:`ValueError` subclass, so callers that only know the
standard library still catch them; services map them to HTTP statuses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class StudyDefinitionError(ValueError):
    """A study definition is invalid.

    Parameters
    ----------
    field : str
        Dotted path of the offending field, e.g. ``"categories.target_a.stimuli.fr"``.
    problem : str
        What is wrong, in words.
    """

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


class BlockPlanError(StudyDefinitionError):
    """A block plan is invalid (a zero-length block, a missing pairing...)."""


class StudyTypeError(StudyDefinitionError):
    """The categories do not fit the study type (a Brief IAT without ``target_b``...)."""


class UnknownStudyError(ValueError):
    """No built-in study has the requested id.

    Parameters
    ----------
    study_id : str
        The id that was asked for.
    known : tuple of str
        The ids that exist.
    """

    def __init__(self, study_id: str, known: tuple[str, ...]) -> None:
        self.study_id = study_id
        self.known = known
        super().__init__(f"no built-in study {study_id!r}; known: {', '.join(known)}")


class SessionPlanError(ValueError):
    """A session plan cannot be built (language not offered by the study, bad seed...)."""


class SimulationError(ValueError):
    """A respondent profile or simulation request is out of range."""


def _format_loc(loc: tuple[int | str, ...]) -> str:
    """Render a pydantic location as a dotted path with ``[i]`` for positions."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


_PROBLEMS = {
    "extra_forbidden": "unknown key",
    "missing": "required key is missing",
}


def study_error_from(errors: Sequence[Mapping[str, object]]) -> StudyDefinitionError:
    """Turn the first pydantic error into a :class:`StudyDefinitionError`.

    A typed error raised inside a validator keeps its class and problem; its
    field is prefixed with the location pydantic reports.

    Parameters
    ----------
    errors : sequence of mapping
        ``ValidationError.errors()``.
    """
    first = errors[0]
    loc = first.get("loc", ())
    where = _format_loc(tuple(loc)) if isinstance(loc, tuple) else ""
    ctx = first.get("ctx")
    inner = ctx.get("error") if isinstance(ctx, dict) else None
    if isinstance(inner, StudyDefinitionError):
        field = f"{where}.{inner.field}" if where else inner.field
        return type(inner)(field, inner.problem)
    problem = _PROBLEMS.get(str(first.get("type")), str(first.get("msg")))
    return StudyDefinitionError(where or "study", problem)
