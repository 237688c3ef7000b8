"""Finish a session: score it, mark it completed, and give the descriptive feedback."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.db.base import utc_now
from app.db.models import Score
from app.domain import ScoreKind, SessionState
from app.errors import Conflict
from app.i18n import N_
from app.questionnaire.answering import questionnaire_complete
from app.questionnaire.scores import score_questionnaire
from app.sessions import repository as session_repo
from app.sessions.access import (
    ParticipantContext,
    load_context,
    require_state,
    stored_plan,
)
from app.sessions.feedback import feedback_for
from app.sessions.schemas import FeedbackRead, FinishRead
from app.sessions.scoring_bridge import score_session
from app.sessions.typed_scores import score_typed_session
from iat import StudyType


def _score(db: Session, ctx: ParticipantContext) -> Score | None:
    if ctx.session.iat_skipped or ctx.campaign.study_id is None:
        return None
    plan = stored_plan(ctx)
    if not ctx.session.iat_complete:
        raise Conflict(
            N_("the timed test is not finished: {done} of {total} blocks"),
            done=ctx.session.blocks_done,
            total=len(plan.blocks),
        )
    trials = session_repo.session_trials(db, ctx.session.id)
    if plan.study_type is StudyType.IAT:
        score = score_session(ctx.session.id, ctx.session.seed, plan.error_mode, trials)
    else:
        score = score_typed_session(ctx.session.id, plan.study_type, trials)
    return session_repo.upsert_score(db, score)


def _stored_score(db: Session, ctx: ParticipantContext) -> Score | None:
    scores = session_repo.session_scores(db, ctx.session.id)
    return next((s for s in scores if s.kind == ScoreKind.IAT_D), None)


def _feedback(ctx: ParticipantContext, score: Score | None) -> FeedbackRead | None:
    if not ctx.campaign.employee_feedback or score is None or ctx.session.plan is None:
        return None
    return feedback_for(score, ctx.session.plan, ctx.session.language)


def finish_session(db: Session, token: str) -> FinishRead:
    """Score and complete the session; finishing again answers the same."""
    ctx = load_context(db, token)
    if SessionState(ctx.session.state) == SessionState.COMPLETED:
        return FinishRead(
            state=SessionState.COMPLETED, feedback=_feedback(ctx, _stored_score(db, ctx))
        )
    require_state(ctx, SessionState.IN_PROGRESS)
    score = _score(db, ctx)
    if ctx.campaign.questionnaire_bank_id is not None:
        if not questionnaire_complete(db, ctx):
            raise Conflict(N_("the questionnaire is not finished yet"))
        score_questionnaire(db, ctx)
    ctx.session.state, ctx.session.completed_at = SessionState.COMPLETED, utc_now()
    db.commit()
    return FinishRead(state=SessionState.COMPLETED, feedback=_feedback(ctx, score))


def end_page(db: Session, token: str) -> FinishRead:
    """What the end page shows for a completed session (reopening the link)."""
    ctx = load_context(db, token)
    require_state(ctx, SessionState.COMPLETED)
    return FinishRead(state=SessionState.COMPLETED, feedback=_feedback(ctx, _stored_score(db, ctx)))
