"""Organisational questionnaire item banks as immutable, versioned data.

A bank (:class:`Questionnaire`) holds the items with their subscale, reverse key and wording in
every language of the bank, the response scale (number of points *A*, one label per point and the
separate "don't know / not applicable" option), the subscales, a few coarse context questions and
the page size.

Version
    The canonical JSON of a bank (keys sorted, no insignificant whitespace, UTF-8) is hashed with
    SHA-256 and the hex digest is :attr:`Questionnaire.version` (as for studies). Any change in
    wording, order, keys or scale makes a new version. A file may carry a ``version`` key; when
    present it must equal the content hash (:class:`VersionMismatchError` otherwise).

Item order
    The order of ``items`` *is* the presentation order, identical in every language and fixed per
    version (order effects). ``item_order`` declares the rule and is checked: ``grouped`` (the items
    of a subscale are contiguous) or ``interleaved`` (no two consecutive items share a subscale).
    The built-in ``default`` bank is interleaved, round-robin LEAD → CONN → AUTO, with the
    reverse-keyed items placed so that pages 2, 3 and 4 (of 6 items) hold one each and page 1 none.
    The optional 9th items of the source document are not included.

Errors
    Semantic checks raise the typed errors of :mod:`iat.questionnaire_errors`. Pydantic wraps errors
    raised while validating, so use :func:`parse_questionnaire` or the loaders, which unwrap them;
    structural problems (wrong types, unknown fields) become :class:`QuestionnaireFormatError`.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterator, Mapping
from enum import StrEnum
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from iat.questionnaire_errors import (
    DuplicateIdError,
    EmptySubscaleError,
    ItemOrderError,
    LabelCountError,
    MissingTranslationError,
    PageSizeError,
    QuestionnaireError,
    QuestionnaireFormatError,
    ScalePointsError,
    UnknownQuestionnaireError,
    UnknownSubscaleError,
    VersionMismatchError,
)

MIN_SCALE_POINTS = 3
MAX_SCALE_POINTS = 11

Text = dict[str, str]
"""Wording per language code (``{"fr": ..., "en": ...}``)."""

_ID = r"^[A-Za-z][A-Za-z0-9_]*$"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ItemOrder(StrEnum):
    GROUPED = "grouped"
    INTERLEAVED = "interleaved"


class ResponseScale(_Frozen):
    """Agreement scale: ``points`` labels for 1..A plus a "don't know" option stored as missing."""

    points: int = 5
    labels: tuple[Text, ...]
    dont_know: Text

    def model_post_init(self, __context: object) -> None:
        if not MIN_SCALE_POINTS <= self.points <= MAX_SCALE_POINTS:
            raise ScalePointsError(
                f"scale has {self.points} points; supported: {MIN_SCALE_POINTS}..{MAX_SCALE_POINTS}"
            )
        if len(self.labels) != self.points:
            raise LabelCountError(f"{len(self.labels)} labels for a {self.points}-point scale")


class Subscale(_Frozen):
    code: str = Field(pattern=_ID)
    name: Text


class Item(_Frozen):
    """One statement. ``reverse`` items are recoded x' = (1 + A) − x before scoring."""

    id: str = Field(pattern=_ID)
    subscale: str
    reverse: bool = False
    theme: str = ""
    text: Text


class ContextOption(_Frozen):
    code: str = Field(pattern=_ID)
    label: Text


class ContextQuestion(_Frozen):
    """A single-choice question with coarse categories (kept coarse for k-anonymity)."""

    id: str = Field(pattern=_ID)
    text: Text
    options: tuple[ContextOption, ...] = Field(min_length=2)


class Questionnaire(_Frozen):
    """An item bank; immutable, and versioned by the hash of its canonical JSON."""

    schema_version: Literal[1] = 1
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: Text
    languages: tuple[str, ...] = Field(min_length=1)
    source_language: str
    scale: ResponseScale
    subscales: tuple[Subscale, ...] = Field(min_length=1)
    item_order: ItemOrder
    items: tuple[Item, ...] = Field(min_length=1)
    context_questions: tuple[ContextQuestion, ...] = ()
    items_per_page: int = 6

    def model_post_init(self, __context: object) -> None:
        _check_ids(self)
        _check_subscales(self)
        _check_order(self)
        _check_languages(self)
        if self.items_per_page < 1:
            raise PageSizeError(f"items_per_page must be at least 1, got {self.items_per_page}")

    def canonical_json(self) -> str:
        """The JSON that is hashed: sorted keys, compact separators, non-ASCII kept as UTF-8."""
        return json.dumps(
            self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )

    @property
    def version(self) -> str:
        """The content hash: SHA-256 hex digest of :meth:`canonical_json`."""
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    @property
    def subscale_of_item(self) -> tuple[str, ...]:
        """Subscale code per item, in item order (the ``subscale_of_item`` argument of scoring)."""
        return tuple(item.subscale for item in self.items)

    @property
    def reverse_keyed(self) -> tuple[bool, ...]:
        """Reverse key per item, in item order (the ``reverse`` argument of scoring)."""
        return tuple(item.reverse for item in self.items)


class QuestionnairePage(_Frozen):
    """One browser page: some items, or (last page) the context questions."""

    number: int
    items: tuple[Item, ...] = ()
    context_questions: tuple[ContextQuestion, ...] = ()


def _duplicates(values: list[str]) -> list[str]:
    return sorted(v for v, count in Counter(values).items() if count > 1)


def _check_ids(q: Questionnaire) -> None:
    groups = {
        "subscale": [s.code for s in q.subscales],
        "item or context question": [i.id for i in q.items] + [c.id for c in q.context_questions],
        "language": list(q.languages),
    }
    groups |= {f"option of {c.id}": [o.code for o in c.options] for c in q.context_questions}
    for what, ids in groups.items():
        if dup := _duplicates(ids):
            raise DuplicateIdError(f"duplicate {what} id(s): {', '.join(dup)}")


def _check_subscales(q: Questionnaire) -> None:
    declared = {s.code for s in q.subscales}
    for item in q.items:
        if item.subscale not in declared:
            raise UnknownSubscaleError(f"item {item.id}: unknown subscale {item.subscale!r}")
    if empty := sorted(declared - {item.subscale for item in q.items}):
        raise EmptySubscaleError(f"subscale(s) without items: {', '.join(empty)}")


def _check_order(q: Questionnaire) -> None:
    codes = [item.subscale for item in q.items]
    if q.item_order is ItemOrder.GROUPED:
        runs = [c for k, c in enumerate(codes) if k == 0 or codes[k - 1] != c]
        if dup := _duplicates(runs):
            raise ItemOrderError(f"grouped order, but subscale(s) {', '.join(dup)} are split")
    else:
        for k in range(1, len(codes)):
            if codes[k] == codes[k - 1]:
                ids = f"{q.items[k - 1].id}, {q.items[k].id}"
                raise ItemOrderError(f"interleaved order, but {ids} are adjacent in one subscale")


def _texts(q: Questionnaire) -> Iterator[tuple[str, Text]]:
    yield "title", q.title
    yield "scale don't-know option", q.scale.dont_know
    yield from ((f"scale label {k + 1}", t) for k, t in enumerate(q.scale.labels))
    yield from ((f"subscale {s.code}", s.name) for s in q.subscales)
    yield from ((f"item {i.id}", i.text) for i in q.items)
    for c in q.context_questions:
        yield f"context question {c.id}", c.text
        yield from ((f"option {c.id}.{o.code}", o.label) for o in c.options)


def _check_languages(q: Questionnaire) -> None:
    wanted = set(q.languages)
    if q.source_language not in wanted:
        raise MissingTranslationError(f"source language {q.source_language!r} not in languages")
    for where, text in _texts(q):
        if missing := sorted(wanted - text.keys()):
            raise MissingTranslationError(f"{where}: no wording in {', '.join(missing)}")
        if extra := sorted(text.keys() - wanted):
            raise MissingTranslationError(f"{where}: undeclared language(s) {', '.join(extra)}")
        if blank := sorted(lang for lang, words in text.items() if not words.strip()):
            raise MissingTranslationError(f"{where}: blank wording in {', '.join(blank)}")


def parse_questionnaire(data: Mapping[str, object]) -> Questionnaire:
    """Validate a decoded JSON object into a :class:`Questionnaire`.

    Raises
    ------
    QuestionnaireError
        The specific subclass for a semantic problem (duplicate id, unknown subscale, missing
        wording, scale points, label count, order, page size); :class:`QuestionnaireFormatError` for
        structural problems; :class:`VersionMismatchError` if a ``version`` key is not the hash.
    """
    fields = {key: value for key, value in data.items() if key != "version"}
    try:
        questionnaire = Questionnaire.model_validate(fields)
    except ValidationError as exc:
        for error in exc.errors():
            cause = error.get("ctx", {}).get("error")
            if isinstance(cause, QuestionnaireError):
                raise cause from exc
        raise QuestionnaireFormatError(str(exc)) from exc
    if "version" in data and data["version"] != questionnaire.version:
        raise VersionMismatchError(
            f"version {data['version']!r} does not match the content hash {questionnaire.version}"
        )
    return questionnaire


def _parse_json(raw: str, source: str) -> Questionnaire:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise QuestionnaireFormatError(f"{source}: not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise QuestionnaireFormatError(f"{source}: top level must be a JSON object")
    return parse_questionnaire(data)


def load_questionnaire_file(path: str | Path) -> Questionnaire:
    """Load and validate a custom bank from a UTF-8 JSON file.

    Errors as in :func:`parse_questionnaire`; an unreadable JSON text is a
    :class:`QuestionnaireFormatError`; a missing file raises ``FileNotFoundError``.
    """
    return _parse_json(Path(path).read_text(encoding="utf-8"), str(path))


def _builtin_dir() -> Traversable:
    return resources.files("iat").joinpath("data").joinpath("questionnaires")


def list_builtin_questionnaires() -> tuple[str, ...]:
    """Names of the banks shipped in ``iat/data/questionnaires`` (sorted)."""
    files = _builtin_dir().iterdir()
    return tuple(sorted(f.name.removesuffix(".json") for f in files if f.name.endswith(".json")))


def load_builtin_questionnaire(name: str = "default") -> Questionnaire:
    """Load a shipped bank by name; :class:`UnknownQuestionnaireError` if there is none."""
    if name not in list_builtin_questionnaires():
        known = ", ".join(list_builtin_questionnaires())
        raise UnknownQuestionnaireError(f"no built-in questionnaire {name!r} (known: {known})")
    raw = _builtin_dir().joinpath(f"{name}.json").read_text(encoding="utf-8")
    return _parse_json(raw, f"built-in {name}")


def paginate(
    questionnaire: Questionnaire, per_page: int | None = None
) -> tuple[QuestionnairePage, ...]:
    """Split the items, in bank order, into pages; the context questions form one last page.

    ``per_page`` defaults to the bank's ``items_per_page``; the last item page may be shorter.
    Pages are numbered from 1. Raises :class:`PageSizeError` if ``per_page`` < 1.
    """
    size = questionnaire.items_per_page if per_page is None else per_page
    if size < 1:
        raise PageSizeError(f"per_page must be at least 1, got {size}")
    items = questionnaire.items
    pages = [
        QuestionnairePage(number=k // size + 1, items=items[k : k + size])
        for k in range(0, len(items), size)
    ]
    if questionnaire.context_questions:
        last = QuestionnairePage(
            number=len(pages) + 1, context_questions=questionnaire.context_questions
        )
        pages.append(last)
    return tuple(pages)
