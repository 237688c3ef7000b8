"""Queries on questionnaire answers and page receipts."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.db.models import QuestionnaireAnswer, QuestionnairePageReceipt


def page_receipt(db: Session, session_id: int, page_index: int) -> QuestionnairePageReceipt | None:
    query = select(QuestionnairePageReceipt).where(
        QuestionnairePageReceipt.session_id == session_id,
        QuestionnairePageReceipt.page_index == page_index,
    )
    return db.scalars(query).one_or_none()


def page_receipts(db: Session, session_id: int) -> list[QuestionnairePageReceipt]:
    query = select(QuestionnairePageReceipt).where(
        QuestionnairePageReceipt.session_id == session_id
    )
    return list(db.scalars(query.order_by(QuestionnairePageReceipt.page_index)))


def replace_page(
    db: Session,
    receipt: QuestionnairePageReceipt,
    item_ids: list[str],
    answers: list[QuestionnaireAnswer],
) -> None:
    """Replace the page's answers and receipt (a page saved again overwrites itself)."""
    db.execute(
        delete(QuestionnaireAnswer).where(
            QuestionnaireAnswer.session_id == receipt.session_id,
            QuestionnaireAnswer.item_id.in_(item_ids),
        )
    )
    db.execute(
        delete(QuestionnairePageReceipt).where(
            QuestionnairePageReceipt.session_id == receipt.session_id,
            QuestionnairePageReceipt.page_index == receipt.page_index,
        )
    )
    db.add_all([*answers, receipt])
    db.flush()
