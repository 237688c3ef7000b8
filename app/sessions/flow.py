"""The participant's way through: status, consent, start or resume, skip (DESIGN §3)."""

from __future__ import annotations

import numpy as np
from sqlalchemy.orm import Session

from app.config import Settings
from app.db.base import utc_now
from app.db.models import Study
from app.domain import SessionState
from app.errors import Forbidden, InvalidInput
from app.i18n import N_
from app.sessions.access import (
    ParticipantContext,
    load_context,
    require_state,
    stored_plan,
    study_definition,
)
from app.sessions.blocks import stored_keys
from app.sessions.consent_text import consent_sections
from app.sessions.schemas import (
    ConsentCreate,
    PlanRead,
    SessionRead,
    SimulatedResponse,
    SimulationRead,
    SkipCreate,
    StartCreate,
)
from iat import InputMode, RespondentProfile, SessionPlan, generate_session_plan
from iat import simulate_responses as simulate

ACTIVE = (SessionState.CONSENTED, SessionState.IN_PROGRESS)


def _next_step(ctx: ParticipantContext) -> str:
    session, campaign = ctx.session, ctx.campaign
    state = SessionState(session.state)
    if state in (SessionState.DECLINED, SessionState.WITHDRAWN):
        return state.value
    if state == SessionState.COMPLETED:
        return "end"
    if state == SessionState.INVITED:
        return "consent"
    iat_pending = campaign.study_id is not None and not session.iat_skipped
    if iat_pending and not session.iat_complete:
        return "device" if session.plan is None else "iat"
    return "questionnaire" if campaign.questionnaire_bank_id else "end"


def session_status(db: Session, settings: Settings, token: str, lang: str | None) -> SessionRead:
    """Where the participant is, and the consent text in their language."""
    ctx = load_context(db, token, create=True)
    language = lang if lang in ctx.campaign.languages else ctx.session.language
    return SessionRead(
        state=SessionState(ctx.session.state),
        language=language,
        languages=list(ctx.campaign.languages),
        next_step=_next_step(ctx),
        blocks_done=ctx.session.blocks_done,
        n_blocks=_n_blocks(db, ctx),
        has_iat=ctx.campaign.study_id is not None,
        has_questionnaire=ctx.campaign.questionnaire_bank_id is not None,
        campaign_name=ctx.campaign.name,
        consent=consent_sections(ctx.campaign, language),
        simulation_available=settings.is_demo_like,
    )


def _n_blocks(db: Session, ctx: ParticipantContext) -> int:
    """The blocks of the session's plan, or of its study's plan before the test starts."""
    if ctx.session.n_blocks is not None:
        return ctx.session.n_blocks
    study = db.get(Study, ctx.campaign.study_id) if ctx.campaign.study_id else None
    return 0 if study is None else len(study_definition(study).block_plan.blocks)


def give_consent(db: Session, settings: Settings, token: str, body: ConsentCreate) -> SessionRead:
    """Record consent (``consented``) or refusal (``declined``). Repeating it is harmless."""
    ctx = load_context(db, token, create=True)
    require_state(ctx, SessionState.INVITED, SessionState.DECLINED, *ACTIVE)
    if body.language not in ctx.campaign.languages:
        raise InvalidInput(
            N_("language '{language}' is not offered by this campaign"), language=body.language
        )
    state = SessionState(ctx.session.state)
    if state in ACTIVE and body.accept:
        return session_status(db, settings, token, body.language)
    if state in ACTIVE:
        raise InvalidInput(N_("you already agreed; to stop now, withdraw instead"))
    ctx.session.language = body.language
    now = utc_now()
    if body.accept:
        ctx.session.state, ctx.session.consented_at = SessionState.CONSENTED, now
    else:
        ctx.session.state, ctx.session.declined_at = SessionState.DECLINED, now
    db.commit()
    return session_status(db, settings, token, body.language)


def _generate(ctx: ParticipantContext, db: Session, input_mode: InputMode) -> SessionPlan:
    study = db.get(Study, ctx.campaign.study_id)
    if study is None:
        raise InvalidInput(N_("this campaign has no timed test"))
    definition = study_definition(study)
    return generate_session_plan(
        definition, None, ctx.session.seed, ctx.session.language, input_mode=input_mode
    )


def start_iat(
    db: Session, settings: Settings, token: str, body: StartCreate, simulate_scale: float | None
) -> PlanRead:
    """Start the timed test, or resume it (same plan, from the first unfinished block)."""
    ctx = load_context(db, token)
    require_state(ctx, *ACTIVE)
    if ctx.session.plan is None or ctx.session.input_modality != body.input_modality:
        plan = _generate(ctx, db, InputMode(body.input_modality))
        ctx.session.plan = plan
        ctx.session.block_keys = stored_keys(plan)  # uploads check these
        ctx.session.input_modality = body.input_modality
    ctx.session.user_agent_class = body.user_agent_class
    if ctx.session.state == SessionState.CONSENTED:
        ctx.session.state, ctx.session.started_at = SessionState.IN_PROGRESS, utc_now()
    db.commit()
    return _plan_read(ctx, settings, simulate_scale)


def get_plan(db: Session, settings: Settings, token: str, simulate_scale: float | None) -> PlanRead:
    ctx = load_context(db, token)
    return _plan_read(ctx, settings, simulate_scale)


def _plan_read(ctx: ParticipantContext, settings: Settings, scale: float | None) -> PlanRead:
    plan = stored_plan(ctx)
    simulation = None
    if scale is not None:
        if not settings.is_demo_like:
            raise Forbidden(N_("simulation exists only in IAT_MODE=demo or test"))
        simulation = _simulation(plan, ctx.session.seed, scale)
    return PlanRead(plan=plan, blocks_done=ctx.session.blocks_done, simulation=simulation)


def _simulation(plan: SessionPlan, seed: int, scale: float) -> SimulationRead:
    """Latencies of a simulated respondent (iat/), so the page can answer its own trials."""
    trials = simulate(plan, np.random.default_rng(seed), RespondentProfile(effect_ms=80.0))
    blocks: list[list[SimulatedResponse]] = [[] for _ in plan.blocks]
    for trial in trials:
        blocks[trial.block_index - 1].append(
            SimulatedResponse(
                first_key=trial.first_response_key,
                first_latency_ms=trial.first_latency_ms,
                latency_ms=trial.latency_to_correct_ms,
                error=trial.error,
            )
        )
    return SimulationRead(time_scale=scale, blocks=blocks)


def skip_iat(db: Session, settings: Settings, token: str, body: SkipCreate) -> SessionRead:
    """Record that the participant cannot take the timed test; go on to the questionnaire."""
    ctx = load_context(db, token)
    require_state(ctx, *ACTIVE)
    if ctx.session.blocks_done > 0 and not ctx.session.iat_skipped:
        raise InvalidInput(N_("the timed test has already begun; it can no longer be skipped"))
    ctx.session.iat_skipped, ctx.session.iat_skip_reason = True, body.reason
    ctx.session.input_modality = "none"
    if ctx.session.state == SessionState.CONSENTED:
        ctx.session.state, ctx.session.started_at = SessionState.IN_PROGRESS, utc_now()
    db.commit()
    return session_status(db, settings, token, ctx.session.language)
