"""Research API shapes (``/api/v1/...``, bearer tokens), declared once.

Every row about a person carries the campaign's export pseudonym (``subject``), never the
participant code or an identity.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.aggregates.schemas import GroupRead, SplitHalfRead, SubscaleReliabilityRead
from app.campaigns.schemas import CampaignHeading
from app.domain import ApiScope, IndividualResults, SessionState
from app.inputs import StrictInput
from app.times import UtcDatetime
from iat import StudyDefinition
from scoring.options import FastExclusion, Latency, SdTiming, SlowCut, Variant


class _Strict(StrictInput):
    pass


class ErrorRead(BaseModel):
    """Every error: a name and a sentence saying what is wrong."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"error": "NotFound", "detail": "no campaign 42"}]}
    )
    error: str
    detail: str


class StudyRead(BaseModel):
    """One immutable study version (the full definition, as participants ran it)."""

    id: int
    key: str = Field(description="Study key, e.g. 'default'.")
    version: str = Field(description="Content hash of the canonical definition (the version).")
    created_at: UtcDatetime
    definition: StudyDefinition
    own: bool = Field(
        default=False, description="The organisation's own study (false: a built-in one)."
    )
    version_number: int | None = Field(
        default=None, description="The organisation's own study: 1, 2, ... (built-in: null)."
    )
    used: bool = Field(
        default=True,
        description="A campaign that is not a draft uses this version: it is immutable "
        "(saving the study again makes the next version). False: a draft, edited in place.",
    )


class CampaignRead(CampaignHeading):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 1,
                    "name": "Baromètre culture client (démo)",
                    "state": "open",
                    "study_id": 1,
                    "questionnaire_bank_id": None,
                    "languages": ["fr", "en"],
                    "opens_at": "2026-11-23T09:00:00Z",
                    "closes_at": None,
                    "individual_results": "pseudonymous",
                    "min_group_size_questionnaire": 5,
                    "min_group_size_iat": 10,
                    "open_link_counts_toward_minimum": False,
                    "team_ids": [1, 2, 3],
                    "created_at": "2026-11-23T09:00:00Z",
                }
            ]
        }
    )
    opens_at: UtcDatetime | None
    closes_at: UtcDatetime | None
    individual_results: IndividualResults
    min_group_size_questionnaire: int
    min_group_size_iat: int
    open_link_counts_toward_minimum: bool
    team_ids: list[int]
    created_at: UtcDatetime


class InviteeCreate(_Strict):
    team_id: int = Field(ge=1)
    code: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        pattern=r"^[A-Za-z0-9._-]+$",
        description="Your label for the invitee; generated when omitted. A code gets a link "
        "once: asking again for a code that has a link, or whose person opened theirs, is "
        "refused (409).",
    )


class InvitationsCreate(_Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"invitees": [{"team_id": 1, "code": "r-001"}]}]},
    )
    invitees: list[InviteeCreate] = Field(min_length=1, max_length=500)


class InvitationCreated(BaseModel):
    """A personal link, shown once: only its hash is stored."""

    code: str
    team_id: int
    token: str
    url: str


class InvitationsCreated(BaseModel):
    campaign_id: int
    invitations: list[InvitationCreated]


_TEAM = (
    "The subject's team under a `named` policy. Under `pseudonymous`, the team only when at "
    "least `min_group_size_iat` of the people in the same roster state (finished / not "
    "finished) carry it; else the nearest parent team that reaches it, or null (HR sees in "
    "the roster who finished: a small team would name the person)."
)
_NO_TIMES = (
    "Given under a `named` policy; always null under `pseudonymous` (HR can note when the "
    "roster shows someone finishing, so a time would name the row)."
)


class SessionSummary(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "subject": "P3F2A9C01B7D4",
                    "campaign_id": 1,
                    "team_id": None,
                    "state": "completed",
                    "language": "fr",
                    "first_pairing": "A",
                    "target_a_side": "left",
                    "attribute_pos_side": "left",
                    "input_modality": "keyboard",
                    "iat_skipped": False,
                    "blocks_done": 7,
                    "consented_at": None,
                    "started_at": None,
                    "completed_at": None,
                }
            ]
        }
    )
    subject: str = Field(description="Export pseudonym.")
    campaign_id: int
    team_id: int | None = Field(description=_TEAM)
    state: SessionState
    language: str
    first_pairing: str
    target_a_side: str
    attribute_pos_side: str
    input_modality: str | None
    iat_skipped: bool
    blocks_done: int
    consented_at: UtcDatetime | None = Field(description=f"Consent (UTC). {_NO_TIMES}")
    started_at: UtcDatetime | None = Field(
        description=f"Start of the timed test (UTC). {_NO_TIMES}"
    )
    completed_at: UtcDatetime | None = Field(description=f"End of the session (UTC). {_NO_TIMES}")


class SessionPage(BaseModel):
    items: list[SessionSummary]
    next_offset: int | None = Field(description="Pass as `offset` for the next page; null at end.")


class CodebookColumn(BaseModel):
    name: str
    type: Literal["string", "integer", "number"]
    description: str
    values: list[str] | None = Field(default=None, description="Allowed values, when closed.")


class TrialRecord(BaseModel):
    """One trial; the columns and their order are those of the CSV download (see the codebook)."""

    subject: str
    block: str
    block_index: int
    pairing: str
    stage: str
    critical: int
    trial: int
    stimulus: str
    latency_ms: float
    correct: int
    block_role: str
    category: str
    correct_side: str
    first_key: str
    first_latency_ms: float
    onset_method: str
    input_modality: str
    focus_lost: int


class TrialPage(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [], "next_cursor": None}]})
    items: list[TrialRecord]
    next_cursor: str | None = Field(
        description="Opaque, signed; pass as `cursor` for the next page, null at the end. The "
        "pages of one walk hold exactly the trials stored before its first page was served."
    )


class ScoreOptionsQuery(_Strict):
    """DScoreOptions, field for field; an omitted field takes the study's default."""

    variant: Variant | None = None
    slow_cut: SlowCut | None = None
    fast_exclusion: FastExclusion | None = None
    sd_timing: SdTiming | None = None
    latency: Latency | None = None


class DScoreRow(BaseModel):
    subject: str
    team_id: int | None = Field(description=_TEAM)
    d: float | None = Field(description="D (null when excluded or not computable).")
    d_practice: float | None
    d_test: float | None
    excluded: bool
    error_rate: float | None
    fast_rate: float | None
    n_trials: int
    n_kept: int
    se: float | None = Field(description="Bootstrap standard error (null unless n_boot > 1).")
    band: str
    flags: list[str]


class ProvenanceRead(BaseModel):
    """Everything needed to reproduce the scores with ``scoring.dscore.compute_d`` (a Brief or
    single-category IAT: ``scoring.biat.compute_biat_d`` / ``scoring.sciat.compute_sciat_d``,
    ``variant`` ``BIAT-D`` / ``SCIAT-D``)."""

    variant: Variant | Literal["BIAT-D", "SCIAT-D"]
    options: dict[str, str]
    package_version: str
    note: str
    n_participants: int
    n_scored: int
    n_excluded: int
    n_trials: int
    n_slow: int
    n_fast: int
    n_kept: int
    n_boot: int
    n_splits: int
    seed: int


class ScoresRead(BaseModel):
    campaign_id: int
    items: list[DScoreRow]
    split_half_spearman_brown: float | None = Field(
        description="Odd/even split-half reliability of the sample, Spearman-Brown corrected."
    )
    provenance: ProvenanceRead


class AnswerRow(BaseModel):
    subject: str
    item_id: str
    value: int | None = Field(description="1..5; null = 'don't know' (missing, not a midpoint).")
    page_index: int


class AnswerPage(BaseModel):
    items: list[AnswerRow]
    next_offset: int | None


class SubscaleScoreRow(BaseModel):
    subject: str
    team_id: int | None = Field(description=_TEAM)
    subscale: str
    score: float | None = Field(description="Mean of answered items; null under 2/3 answered.")
    n_answered: int


class SubscaleScoresRead(BaseModel):
    campaign_id: int
    questionnaire_version: str
    items: list[SubscaleScoreRow]


class TokenCreate(_Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"name": "R analysis", "scopes": ["scores:read"], "expires_in_days": 90}]
        },
    )
    name: str = Field(min_length=1, max_length=200)
    scopes: list[ApiScope] = Field(min_length=1)
    expires_in_days: int | None = Field(default=90, ge=1, le=730)


class TokenRead(BaseModel):
    id: int
    name: str
    scopes: list[ApiScope]
    created_at: UtcDatetime
    expires_at: UtcDatetime | None
    last_used_at: UtcDatetime | None
    revoked_at: UtcDatetime | None
    active: bool


class TokenCreated(TokenRead):
    token: str = Field(description="The bearer token. Shown once: only its SHA-256 is stored.")


class TeamAggregatesRead(BaseModel):
    """Team aggregates with the same server-side suppression as the HR dashboard: a group
    under the campaign's minimum size (or one whose figures would reveal such a group by
    subtraction) has its figures withheld. Results are published when the campaign closes:
    before, every figure is withheld and only participation counts are given."""

    campaign_id: int
    min_group_size_iat: int
    min_group_size_questionnaire: int
    published: bool = Field(description="false while the campaign is open (figures withheld)")
    groups: list[GroupRead]
    d_split_half: SplitHalfRead | None
    subscale_reliability: list[SubscaleReliabilityRead]
