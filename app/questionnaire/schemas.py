"""Questionnaire shapes of the participant API (DESIGN §5, issue 6)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ScaleRead(BaseModel):
    points: int
    labels: list[str] = Field(description="Label of 1..points in the session's language.")
    dont_know: str


class ItemRead(BaseModel):
    id: str
    text: str


class ContextOptionRead(BaseModel):
    code: str
    label: str


class ContextQuestionRead(BaseModel):
    id: str
    text: str
    options: list[ContextOptionRead]


class PageRead(BaseModel):
    index: int = Field(description="Page number, from 1.")
    items: list[ItemRead]
    context_questions: list[ContextQuestionRead]


class QuestionnaireRead(BaseModel):
    """The bank in the session's language, with the answers saved so far (for resuming)."""

    bank_version: str
    title: str
    scale: ScaleRead
    pages: list[PageRead]
    pages_done: int
    answers: dict[str, int | None] = Field(
        description="item id → 1..points, or null for 'don't know'. Blank items are absent."
    )
    context: dict[str, str] = Field(description="context question id → option code")


class ItemAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    item_id: str = Field(max_length=40)
    value: int | None = Field(description="1..points, or null for 'don't know / not applicable'.")


class PageSave(BaseModel):
    """One page's answers. Items left blank are simply not sent (optional items)."""

    model_config = ConfigDict(extra="forbid")

    answers: list[ItemAnswer] = Field(default_factory=list, max_length=100)
    context: dict[str, str] = Field(default_factory=dict)
    duration_ms: float | None = Field(default=None, ge=0, lt=86_400_000)


class PageReceipt(BaseModel):
    page_index: int
    saved_items: int
    pages_done: int
