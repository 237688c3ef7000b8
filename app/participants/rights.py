"""The participant's rights from their own link: withdraw (erase) and download their data."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.audit import repository as audit
from app.db.base import utc_now
from app.db.models import Trial
from app.domain import ActorKind, SessionState
from app.sessions import repository as session_repo
from app.sessions.access import ParticipantContext, load_context
from app.sessions.schemas import STORED_TRIAL_FIELDS


def _record(
    db: Session,
    ctx: ParticipantContext,
    action: str,
    row_count: int,
    detail: dict[str, int] | None = None,
) -> None:
    """Audit what the participant did to their own session."""
    audit.record(
        db,
        organisation_id=ctx.campaign.organisation_id,
        actor_kind=ActorKind.PARTICIPANT,
        actor_id=str(ctx.participant.id),
        action=action,
        target_kind="session",
        target_id=str(ctx.session.id),
        row_count=row_count,
        detail=detail,
    )


def withdraw(db: Session, token: str) -> dict[str, int]:
    """Erase the session's trials, answers and scores and mark it withdrawn (audited)."""
    ctx = load_context(db, token, create=True)
    counts = session_repo.erase_session_data(db, ctx.session.id)
    now = utc_now()
    ctx.session.state, ctx.session.withdrawn_at = SessionState.WITHDRAWN, now
    ctx.session.plan = None  # blocks_done follows the erased receipts
    ctx.participant.withdrawn_at = now
    _record(db, ctx, "participant.withdraw", sum(counts.values()), counts)
    db.commit()
    return counts


def _trial_dict(trial: Trial) -> dict[str, Any]:
    """Every declared field of a stored trial (app.sessions.schemas.STORED_TRIAL_FIELDS)."""
    return {name: getattr(trial, name) for name in STORED_TRIAL_FIELDS}


def own_data(db: Session, token: str) -> dict[str, Any]:
    """Everything stored about this participant's session, as JSON (audited)."""
    ctx = load_context(db, token, create=True)
    session = ctx.session
    data = {
        "campaign": ctx.campaign.name,
        "session": {
            "state": session.state,
            "language": session.language,
            "seed": session.seed,
            "first_pairing": session.first_pairing,
            "input_modality": session.input_modality,
            "iat_skipped": session.iat_skipped,
            "consented_at": session.consented_at,
            "started_at": session.started_at,
            "completed_at": session.completed_at,
        },
        "trials": [_trial_dict(t) for t in session_repo.session_trials(db, session.id)],
        "answers": [
            {"item_id": a.item_id, "value": a.value}
            for a in session_repo.session_answers(db, session.id)
        ],
        "scores": [
            {"kind": s.kind, "name": s.name, "value": s.value, "options": s.options}
            for s in session_repo.session_scores(db, session.id)
        ],
    }
    _record(db, ctx, "participant.download", len(data["trials"]))
    db.commit()
    return data
