"""Research API: D scores rescored on the fly, and questionnaire subscale scores."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.aggregates import research as aggregates
from app.api.research.common import CAMPAIGN_ERRORS, ROWS_ERRORS, CampaignId, error_response
from app.deps import SessionDep
from app.exports import research_scores as scores
from app.exports.research_schemas import (
    ScoreOptionsQuery,
    ScoresRead,
    SubscaleScoresRead,
    TeamAggregatesRead,
)
from app.questionnaire import research_rows as questionnaire
from app.tokens.research_auth import ScoresReader
from scoring.options import FastExclusion, Latency, SdTiming, SlowCut, Variant

router = APIRouter(prefix="/api/v1")

NO_DATA = error_response(
    "The campaign has no timed test, or nothing to score yet; or it is `pseudonymous` and "
    "still open (its rows are published when it closes).",
    "Conflict",
    "campaign 3 has no finished timed test to score yet",
)


@router.get(
    "/campaigns/{campaign_id}/scores",
    response_model=ScoresRead,
    responses={**ROWS_ERRORS, 409: NO_DATA},
    tags=["scores"],
)
def get_scores(
    db: SessionDep,
    caller: ScoresReader,
    campaign_id: CampaignId,
    variant: Annotated[Variant | None, Query(description="D1-D6 (default: the study's)")] = None,
    slow_cut: Annotated[SlowCut | None, Query(description="`gt` or `ge` 10 000 ms")] = None,
    fast_exclusion: Annotated[
        FastExclusion | None, Query(description=">10 % under 300 ms: apply | flag | off")
    ] = None,
    sd_timing: Annotated[
        SdTiming | None, Query(description="inclusive SD `after` or `before` error replacement")
    ] = None,
    latency: Annotated[Latency | None, Query(description="`to_correct` or `first`")] = None,
    n_boot: Annotated[
        int,
        Query(
            ge=0,
            le=2000,
            description="bootstrap replicates for each row's `se`; opt-in: 0 (the default) "
            "computes none and `se` is null",
        ),
    ] = 0,
    seed: Annotated[int, Query(ge=0, le=2**32 - 1, description="bootstrap seed")] = 0,
) -> ScoresRead:
    """D scores of every session that finished the timed test, recomputed now from the stored
    trials with the options given (named exactly as `scoring.options.DScoreOptions`; omitted
    ones take the study's default: D1 with forced error correction, D4 without). The
    `provenance` holds everything `scoring.dscore.compute_d` needs to reproduce the numbers.
    By `subject`. A `pseudonymous` campaign's rows are published when it closes (409 before),
    with `team_id` coarsened as in `GET /sessions`. Scope `scores:read`.

    The bootstrap standard error is opt-in: with `n_boot=0` (the default) `se` is null, so a
    batch rescoring stays fast; `n_boot=N` (2 to 2000) resamples each person's trials N times
    (reproducible with `seed`). The score stored when a session finishes already carries its
    bootstrap SE (1000 replicates), shown in HR's individual export."""
    options = ScoreOptionsQuery(
        variant=variant,
        slow_cut=slow_cut,
        fast_exclusion=fast_exclusion,
        sd_timing=sd_timing,
        latency=latency,
    )
    return scores.rescore(db, caller, campaign_id, options, n_boot, seed)


@router.get(
    "/campaigns/{campaign_id}/questionnaire/scores",
    response_model=SubscaleScoresRead,
    responses={**ROWS_ERRORS, 409: NO_DATA},
    tags=["questionnaire"],
)
def get_subscale_scores(
    db: SessionDep, caller: ScoresReader, campaign_id: CampaignId
) -> SubscaleScoresRead:
    """Subscale scores (LEAD, CONN, AUTO: mean of answered items after reverse keying, null
    when fewer than 2/3 are answered) per `subject`. A `pseudonymous` campaign's rows are
    published when it closes (409 before), with `team_id` coarsened as in `GET /sessions`.
    Scope `scores:read`."""
    return questionnaire.subscale_scores(db, caller, campaign_id)


@router.get(
    "/campaigns/{campaign_id}/team-aggregates",
    response_model=TeamAggregatesRead,
    responses=CAMPAIGN_ERRORS,
    tags=["aggregates"],
)
def get_team_aggregates(
    db: SessionDep, caller: ScoresReader, campaign_id: CampaignId
) -> TeamAggregatesRead:
    """Completion, IAT mean D and questionnaire means per team and for the whole campaign,
    with the same suppression as the HR dashboard: figures of a group smaller than the
    campaign's minimum (`min_group_size_iat`, `min_group_size_questionnaire`), or that would
    isolate such a group by subtraction from its parent, are withheld. Scope `scores:read`."""
    return aggregates.team_aggregates(db, caller, campaign_id)
