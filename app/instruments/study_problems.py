"""The typed errors of ``iat/`` as field problems in words the pages translate.

``iat`` is pure and speaks English; each of its known sentences is matched here and given a
msgid with the same values, so the editor shows it next to the field in the page's language.
An unknown sentence is shown inside a generic msgid (its values in English).
"""

from __future__ import annotations

import re

from app.errors import FieldProblem, InvalidFields
from app.i18n import N_
from iat.errors import StudyDefinitionError

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        (r"^the category is empty: it has no stimuli$", N_("the category has no stimuli")),
        (
            r"^has (?P<count>\d+) stimulus; at least (?P<minimum>\d+) are needed$",
            N_("{count} stimulus; at least {minimum} are needed"),
        ),
        (
            r"^duplicate stimulus (?P<stimulus>.+) \(same as position (?P<position>\d+)\)$",
            N_("stimulus {stimulus} appears twice (see position {position})"),
        ),
        (
            r"^label (?P<label>.+) is also the label of (?P<other>\w+)$",
            N_("label {label} is also the label of {other}"),
        ),
        (
            r"^stimulus (?P<stimulus>.+) is in two categories: (?P<first>\w+) and (?P<second>\w+)$",
            N_("stimulus {stimulus} is in two categories: {first} and {second}"),
        ),
        (
            r"^language (?P<language>.+) is not listed in languages$",
            N_("language {language} is not one of the study's languages"),
        ),
        (r"^missing the (?P<language>.+) entry$", N_("the {language} entry is missing")),
        (r"^a language is listed twice$", N_("a language is listed twice")),
        (r"^unknown key$", N_("unknown field")),
        (r"^required key is missing$", N_("this field is required")),
        (r"^both sides use the key (?P<key>.+)$", N_("both sides use the key {key}")),
    )
)
OTHER = N_("this value is not valid: {problem}")
UNBALANCED = N_(
    "{first} has {first_count} stimuli and {second} {second_count}: "
    "a pair of categories needs as many stimuli each"
)
NOT_OUR_IMAGE = N_("image {src} is not an image uploaded to this platform")


def study_problem(exc: StudyDefinitionError) -> FieldProblem:
    """``exc`` as a field problem (field: the dotted path without positions)."""
    field = re.sub(r"\[\d+\]", "", exc.field)
    for pattern, message in _PATTERNS:
        found = pattern.match(exc.problem)
        if found:
            return FieldProblem(field, message, found.groupdict())
    return FieldProblem(field, OTHER, {"problem": exc.problem})


def invalid_study(exc: StudyDefinitionError) -> InvalidFields:
    """The 422 a refused study answers."""
    return InvalidFields(study_problem(exc))
