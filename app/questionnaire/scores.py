"""Subscale scores of one finished questionnaire, with careless-answering flags (kept, marked)."""

from __future__ import annotations

import math

import numpy as np
from sqlalchemy.orm import Session

from app.db.models import Score
from app.domain import ScoreKind
from app.questionnaire import repository as q_repo
from app.questionnaire.answering import bank_of
from app.sessions import repository as session_repo
from app.sessions.access import ParticipantContext
from iat.questionnaire import Questionnaire
from scoring import __version__ as scoring_version
from scoring.careless import speeding, straightlining
from scoring.psychometrics import subscale_scores

MIN_ANSWERED = 2 / 3


def _responses(db: Session, ctx: ParticipantContext, bank: Questionnaire) -> np.ndarray:
    """One row: the raw answers in bank item order (NaN = blank or "don't know")."""
    values = {a.item_id: a.value for a in session_repo.session_answers(db, ctx.session.id)}
    row = [float(v) if (v := values.get(i)) is not None else math.nan for i in bank.item_ids]
    return np.array([row], dtype=float)


def _flags(db: Session, ctx: ParticipantContext, responses: np.ndarray) -> dict[str, bool]:
    receipts = [r for r in q_repo.page_receipts(db, ctx.session.id) if r.n_items > 0]
    durations = [[r.duration_ms if r.duration_ms is not None else math.nan for r in receipts]]
    items = [r.n_items for r in receipts]
    too_fast = bool(speeding(durations, items).too_fast[0]) if receipts else False
    return {"straightlining": bool(straightlining(responses)[0]), "too_fast": too_fast}


def score_questionnaire(db: Session, ctx: ParticipantContext) -> list[Score]:
    """Store one Score per subscale (mean of answered items if ≥ 2/3 answered, else NULL)."""
    stored, bank = bank_of(db, ctx)
    responses = _responses(db, ctx, bank)
    result = subscale_scores(
        responses, bank.subscale_of_item, bank.reverse_keyed, bank.scale.points, MIN_ANSWERED
    )
    flags = _flags(db, ctx, responses)
    options = {
        "min_answered": MIN_ANSWERED,
        "scale_points": bank.scale.points,
        "reverse_recode": "(1 + A) - x",
        "bank_version": stored.content_hash,
    }
    scores = []
    for k, name in enumerate(result.names):
        value = float(result.scores[0, k])
        score = Score(
            session_id=ctx.session.id,
            kind=ScoreKind.QUESTIONNAIRE_SUBSCALE,
            name=name,
            value=None if math.isnan(value) else value,
            algorithm="subscale-mean",
            options=options,
            package_version=scoring_version,
            details={"n_answered": int(result.n_answered[0, k]), "flags": flags},
        )
        scores.append(session_repo.upsert_score(db, score))
    return scores
