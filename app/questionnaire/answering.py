"""Taking the organisational questionnaire: pages in the session's language, answers saved per
page (idempotent, resumable), and subscale scores when the session finishes (issue 6).

Context questions (role family, contact frequency, seniority) are stored as answers with the
item id ``context:<question id>`` and the 1-based position of the chosen option as value.
"""

from __future__ import annotations

import json
from functools import lru_cache

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.base import utc_now
from app.db.models import QuestionnaireAnswer, QuestionnaireBank, QuestionnairePageReceipt
from app.domain import SessionState
from app.errors import Conflict, InvalidInput
from app.i18n import N_
from app.questionnaire import repository as q_repo
from app.questionnaire.schemas import (
    ContextOptionRead,
    ContextQuestionRead,
    ItemRead,
    PageRead,
    PageReceipt,
    PageSave,
    QuestionnaireRead,
    ScaleRead,
)
from app.security import payload_digest
from app.sessions import repository as session_repo
from app.sessions.access import ParticipantContext, load_context, require_state
from iat.questionnaire import Questionnaire, QuestionnairePage, paginate, parse_questionnaire

CONTEXT_PREFIX = "context:"


@lru_cache(maxsize=16)
def _parsed(content_hash: str, definition_json: str) -> Questionnaire:
    return parse_questionnaire(json.loads(definition_json))


def bank_of(db: Session, ctx: ParticipantContext) -> tuple[QuestionnaireBank, Questionnaire]:
    """The campaign's stored bank and its validated definition."""
    if ctx.campaign.questionnaire_bank_id is None:
        raise Conflict(N_("this campaign has no questionnaire"))
    bank = db.get(QuestionnaireBank, ctx.campaign.questionnaire_bank_id)
    if bank is None:
        raise Conflict(N_("this campaign's questionnaire is missing"))
    return bank, _parsed(bank.content_hash, json.dumps(bank.definition, sort_keys=True))


def _page_read(page: QuestionnairePage, lang: str) -> PageRead:
    return PageRead(
        index=page.number,
        items=[ItemRead(id=item.id, text=item.text[lang]) for item in page.items],
        context_questions=[
            ContextQuestionRead(
                id=q.id,
                text=q.text[lang],
                options=[ContextOptionRead(code=o.code, label=o.label[lang]) for o in q.options],
            )
            for q in page.context_questions
        ],
    )


def _saved(
    db: Session, ctx: ParticipantContext, bank: Questionnaire
) -> tuple[dict[str, int | None], dict[str, str]]:
    answers: dict[str, int | None] = {}
    context: dict[str, str] = {}
    questions = {q.id: q for q in bank.context_questions}
    for row in session_repo.session_answers(db, ctx.session.id):
        if row.item_id.startswith(CONTEXT_PREFIX):
            question = questions.get(row.item_id.removeprefix(CONTEXT_PREFIX))
            if question is not None and row.value is not None:
                context[question.id] = question.options[row.value - 1].code
        else:
            answers[row.item_id] = row.value
    return answers, context


def get_questionnaire(db: Session, token: str) -> QuestionnaireRead:
    """The questionnaire in the session's language, with what was already saved."""
    ctx = load_context(db, token)
    require_state(ctx, SessionState.CONSENTED, SessionState.IN_PROGRESS, SessionState.COMPLETED)
    stored, bank = bank_of(db, ctx)
    lang = ctx.session.language if ctx.session.language in bank.languages else bank.languages[0]
    answers, context = _saved(db, ctx, bank)
    return QuestionnaireRead(
        bank_version=stored.content_hash,
        title=bank.title[lang],
        scale=ScaleRead(
            points=bank.scale.points,
            labels=[label[lang] for label in bank.scale.labels],
            dont_know=bank.scale.dont_know[lang],
        ),
        pages=[_page_read(page, lang) for page in paginate(bank)],
        pages_done=ctx.session.questionnaire_pages_done,
        answers=answers,
        context=context,
    )


def _check_ready(ctx: ParticipantContext) -> None:
    require_state(ctx, SessionState.CONSENTED, SessionState.IN_PROGRESS)
    iat_open = ctx.campaign.study_id is not None and not ctx.session.iat_skipped
    if iat_open and not ctx.session.iat_complete:
        raise Conflict(N_("finish the timed test first; the questionnaire comes after it"))


def _answer_rows(
    ctx: ParticipantContext,
    bank: Questionnaire,
    stored: QuestionnaireBank,
    page: QuestionnairePage,
    body: PageSave,
) -> list[QuestionnaireAnswer]:
    allowed = {item.id for item in page.items}
    rows = []
    for answer in body.answers:
        if answer.item_id not in allowed:
            raise InvalidInput(f"item {answer.item_id!r} is not on page {page.number}")
        if answer.value is not None and not 1 <= answer.value <= bank.scale.points:
            raise InvalidInput(
                f"item {answer.item_id}: value must be 1..{bank.scale.points} or null"
            )
        rows.append(_row(ctx, stored, page, answer.item_id, answer.value))
    if len({a.item_id for a in body.answers}) != len(body.answers):
        raise InvalidInput(N_("an item is answered twice on this page"))
    return rows + _context_rows(ctx, stored, page, body)


def _context_rows(
    ctx: ParticipantContext, stored: QuestionnaireBank, page: QuestionnairePage, body: PageSave
) -> list[QuestionnaireAnswer]:
    questions = {q.id: q for q in page.context_questions}
    rows = []
    for question_id, code in body.context.items():
        question = questions.get(question_id)
        if question is None:
            raise InvalidInput(f"context question {question_id!r} is not on page {page.number}")
        codes = [o.code for o in question.options]
        if code not in codes:
            raise InvalidInput(f"{question_id}: {code!r} is not one of {', '.join(codes)}")
        position = codes.index(code) + 1
        rows.append(_row(ctx, stored, page, CONTEXT_PREFIX + question_id, position))
    return rows


def _row(
    ctx: ParticipantContext,
    stored: QuestionnaireBank,
    page: QuestionnairePage,
    item_id: str,
    value: int | None,
) -> QuestionnaireAnswer:
    return QuestionnaireAnswer(
        session_id=ctx.session.id,
        questionnaire_bank_id=stored.id,
        item_id=item_id,
        value=value,
        page_index=page.number,
    )


def save_page(db: Session, token: str, index: int, body: PageSave) -> PageReceipt:
    """Save page ``index`` (all its answers or none); saving it again overwrites it."""
    ctx = load_context(db, token)
    _check_ready(ctx)
    stored, bank = bank_of(db, ctx)
    pages = paginate(bank)
    if not 1 <= index <= len(pages):
        raise InvalidInput(N_("page must be between 1 and {n}"), n=len(pages))
    if index > ctx.session.questionnaire_pages_done + 1:
        raise Conflict(
            N_("pages are saved in order: expected page {page}"),
            page=ctx.session.questionnaire_pages_done + 1,
        )
    page = pages[index - 1]
    rows = _answer_rows(ctx, bank, stored, page, body)
    page_ids = [item.id for item in page.items] + [
        CONTEXT_PREFIX + q.id for q in page.context_questions
    ]
    receipt = QuestionnairePageReceipt(
        session_id=ctx.session.id,
        page_index=index,
        payload_hash=payload_digest(body),
        duration_ms=body.duration_ms,
        n_items=len(page.items),
    )
    try:
        q_repo.replace_page(db, receipt, page_ids, rows)
        ctx.session.questionnaire_pages_done = max(ctx.session.questionnaire_pages_done, index)
        if ctx.session.state == SessionState.CONSENTED:
            ctx.session.state, ctx.session.started_at = SessionState.IN_PROGRESS, utc_now()
        db.commit()
    except IntegrityError as exc:
        db.rollback()  # the same page saved concurrently: the other save won
        raise Conflict(
            N_("page {page} was being saved at the same time; send it again"), page=index
        ) from exc
    return PageReceipt(
        page_index=index, saved_items=len(rows), pages_done=ctx.session.questionnaire_pages_done
    )


def questionnaire_complete(db: Session, ctx: ParticipantContext) -> bool:
    """True when every page has been saved (blank optional items are allowed)."""
    _, bank = bank_of(db, ctx)
    return ctx.session.questionnaire_pages_done >= len(paginate(bank))
