"""Research API: pseudonymised rows (sessions, trials, questionnaire answers) and the codebook."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response, StreamingResponse

from app.api.research.common import AUTH_ERRORS, ROWS_ERRORS, CampaignId
from app.deps import SessionDep, SettingsDep
from app.domain import SessionState
from app.exports import research_sessions as sessions
from app.exports import research_trials as trials
from app.exports.research_repository import SessionFilter
from app.exports.research_schemas import AnswerPage, CodebookColumn, SessionPage, TrialPage
from app.questionnaire import research_rows as questionnaire
from app.tokens.research_auth import ScoresReader, TrialsReader

router = APIRouter(prefix="/api/v1")

Limit = Annotated[int, Query(ge=1, le=10_000, description="Rows per page.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]
MaxId = 2**31 - 1
STREAM_MEDIA = {"csv": "text/csv; charset=utf-8", "ndjson": "application/x-ndjson"}


@router.get("/sessions", response_model=SessionPage, responses=ROWS_ERRORS, tags=["sessions"])
def list_sessions(
    db: SessionDep,
    caller: ScoresReader,
    campaign_id: Annotated[int | None, Query(ge=1, le=MaxId)] = None,
    team_id: Annotated[int | None, Query(ge=1, le=MaxId)] = None,
    state: SessionState | None = None,
    started_from: Annotated[datetime | None, Query(description="started_at >= (ISO 8601)")] = None,
    started_to: Annotated[datetime | None, Query(description="started_at < (ISO 8601)")] = None,
    limit: Limit = 1000,
    offset: Offset = 0,
) -> SessionPage:
    """Sessions (one per participant) with their state, counterbalancing and timestamps; the
    participant appears only as `subject`, the campaign's export pseudonym; by campaign, then
    `subject`. Only people who agreed to take part are listed (`consented`, `in_progress`,
    `completed`): sessions of people who declined, withdrew or only opened their link are
    nobody's research data. Campaigns whose policy allows no individual results, and open
    `pseudonymous` ones, are left out (filtering on one answers 403 / 409). Under
    `pseudonymous`, `team_id` is coarsened and the times are null; the filters select on what
    the rows show (`team_id` on the published team; the time filters match only rows that
    show a time). Scope `scores:read`."""
    where = SessionFilter(campaign_id, team_id, state, started_from, started_to)
    return sessions.list_sessions(db, caller, where, limit, offset)


@router.get(
    "/codebook/trials",
    response_model=list[CodebookColumn],
    responses=AUTH_ERRORS,
    tags=["trials"],
)
def get_trials_codebook(caller: TrialsReader) -> list[CodebookColumn]:
    """Every column of the trial-level data, in file order, with its meaning. Scope
    `trials:read`."""
    return trials.codebook()


@router.get(
    "/campaigns/{campaign_id}/trials",
    response_model=TrialPage,
    responses=ROWS_ERRORS,
    tags=["trials"],
)
def get_trials(
    db: SessionDep,
    settings: SettingsDep,
    caller: TrialsReader,
    campaign_id: CampaignId,
    cursor: Annotated[str | None, Query(max_length=500, description="From `next_cursor`.")] = None,
    limit: Limit = 1000,
) -> TrialPage:
    """Trial-level data, one row per trial, in pages. Follow `next_cursor` until it is null:
    the walk returns every trial stored before its first page, exactly once, even while new
    sessions of an open `named` campaign are being written (those come in the next walk).
    A `pseudonymous` campaign's rows are published when it closes (409 before), after which
    nothing is written. Scope `trials:read`."""
    page = trials.trials_page(db, settings, caller, campaign_id, cursor, limit)
    return Response(page, media_type="application/json")  # type: ignore[return-value]


def _stream(db: SessionDep, caller: TrialsReader, campaign_id: int, fmt: str) -> StreamingResponse:
    chunks = trials.stream_trials(db, caller, campaign_id, fmt)
    filename = f"campaign-{campaign_id}-trials.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return StreamingResponse(chunks, media_type=STREAM_MEDIA[fmt], headers=headers)


STREAM_DOC: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "The file, streamed."}
}


@router.get(
    "/campaigns/{campaign_id}/trials.csv",
    response_class=StreamingResponse,
    responses={**ROWS_ERRORS, **STREAM_DOC},
    tags=["trials"],
)
def download_trials_csv(
    db: SessionDep, caller: TrialsReader, campaign_id: CampaignId
) -> StreamingResponse:
    """Every trial stored now as one CSV file, streamed. The columns are those of public IAT
    datasets (`subject, block, block_index, pairing, stage, critical, trial, stimulus,
    latency_ms, correct`; `latency_ms` to the correct response) then `first_latency_ms`,
    `first_key` and the other fields: `iat score` and the R packages read it as it is.
    A `pseudonymous` campaign's rows are published when it closes (409 before). Scope
    `trials:read`."""
    return _stream(db, caller, campaign_id, "csv")


@router.get(
    "/campaigns/{campaign_id}/trials.ndjson",
    response_class=StreamingResponse,
    responses={
        **ROWS_ERRORS,
        200: {"content": {"application/x-ndjson": {}}, "description": "The file, streamed."},
    },
    tags=["trials"],
)
def download_trials_ndjson(
    db: SessionDep, caller: TrialsReader, campaign_id: CampaignId
) -> StreamingResponse:
    """Every trial stored now, one JSON object per line (same fields as the CSV), streamed.
    A `pseudonymous` campaign's rows are published when it closes (409 before). Scope
    `trials:read`."""
    return _stream(db, caller, campaign_id, "ndjson")


@router.get(
    "/campaigns/{campaign_id}/questionnaire/answers",
    response_model=AnswerPage,
    responses=ROWS_ERRORS,
    tags=["questionnaire"],
)
def get_answers(
    db: SessionDep, caller: TrialsReader, campaign_id: CampaignId, limit: Limit = 1000,
    offset: Offset = 0,
) -> AnswerPage:  # fmt: skip
    """Item-level questionnaire answers (1-5; null = "don't know"), one row per item, by
    `subject` (export pseudonym), by `subject`. A `pseudonymous` campaign's rows are
    published when it closes (409 before). Scope `trials:read`."""
    return questionnaire.answers(db, caller, campaign_id, limit, offset)
