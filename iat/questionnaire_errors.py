"""Typed errors for questionnaire item banks.

Every error is a ``ValueError`` subclass under :class:`QuestionnaireError`, so a service can map the
whole family to one HTTP status and a caller can still tell the cases apart.
"""

from __future__ import annotations


class QuestionnaireError(ValueError):
    """Base class: an item bank is invalid or cannot be loaded."""


class QuestionnaireFormatError(QuestionnaireError):
    """The data is not a well-formed bank (not JSON, wrong types, missing or unknown fields)."""


class DuplicateIdError(QuestionnaireError):
    """Two items, subscales, context questions or options share an identifier."""


class UnknownSubscaleError(QuestionnaireError):
    """An item names a subscale the bank does not declare."""


class EmptySubscaleError(QuestionnaireError):
    """A declared subscale has no item."""


class MissingTranslationError(QuestionnaireError):
    """A text lacks one of the bank's languages, has an undeclared one, or is blank."""


class ScalePointsError(QuestionnaireError):
    """The number of response points is outside the supported range."""


class LabelCountError(QuestionnaireError):
    """The number of response labels differs from the number of scale points."""


class ItemOrderError(QuestionnaireError):
    """The item order contradicts the declared ordering rule (grouped or interleaved)."""


class PageSizeError(QuestionnaireError):
    """A page size below one item."""


class UnknownQuestionnaireError(QuestionnaireError):
    """No built-in bank has that name."""


class VersionMismatchError(QuestionnaireError):
    """A file's ``version`` differs from the hash of its content (edited without a new version)."""
