"""The campaign dashboard as the HR API returns it (and the page renders it).

Suppressed figures are absent (``suppressed: true`` and every number ``null``): they never leave
the server. Floats that cannot be computed are ``null`` too.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from app.aggregates.suppression import WithheldReason

_WHY = (
    "why the figures are withheld: unpublished (the campaign is open), small_group (fewer "
    "people than the minimum), subtraction (a larger group minus this one would isolate a "
    "small group), row_withheld (the group's questionnaire row is withheld); null when shown"
)


class _Read(BaseModel):
    model_config = ConfigDict(frozen=True)


TextRead = dict[str, str]
"""A text for people: language code → wording (each catalogue's language, or for questionnaire
wording the questionnaire's languages)."""


class CompletionRead(_Read):
    """Participants of a group by where they are (one state each)."""

    invited: int = Field(description="participants invited (every state below)")
    not_started: int | None = Field(
        description="the breakdown of those who have not finished (not started, consented, in "
        "progress, declined, withdrawn) is null where fewer than the IAT minimum have not "
        "finished (or a subtraction would isolate them): it would tell who refused"
    )
    consented: int | None
    in_progress: int | None
    completed: int
    completed_open_link: int = Field(
        0,
        description="of the completed, how many came through the team's open link (they count "
        "toward the minimum group sizes only when the campaign's policy says so)",
    )
    declined: int | None
    withdrawn: int | None
    completion_rate: float | None = Field(description="completed / invited")
    breakdown_withheld: WithheldReason | None = Field(
        None,
        description="why the not-finished breakdown is null: small_group (fewer than the IAT "
        "minimum have not finished) or subtraction",
    )


class BandCountsRead(_Read):
    """Project Implicit's descriptive bands of |D| (.15, .35, .65)."""

    none: int
    slight: int
    moderate: int
    strong: int


class MeanCIRead(_Read):
    """A mean with its SD (n − 1) and two-sided 95 % t interval."""

    n: int
    mean: float | None
    sd: float | None
    ci_low: float | None
    ci_high: float | None


class IatGroupRead(_Read):
    """IAT results of a group: completed, non-withdrawn, non-excluded D scores only."""

    suppressed: bool
    withheld_reason: WithheldReason | None = Field(None, description=_WHY)
    d: MeanCIRead | None = None
    bands: BandCountsRead | None = Field(
        None, description="shown only when n ≥ 2 × the IAT minimum group size"
    )
    excluded: int | None = Field(None, description="completed but excluded (too fast, no D)")
    flagged: int | None = Field(None, description="scored, with a quality flag")
    skipped: int | None = Field(None, description="skipped the timed test")


class SubscaleGroupRead(_Read):
    """One subscale's team mean with how much to trust it."""

    code: str
    suppressed: bool
    withheld_reason: WithheldReason | None = Field(None, description=_WHY)
    score: MeanCIRead | None = None
    rwg_j: float | None = Field(None, description="within-team agreement rwg(j), 0..1")
    mean_reliability: float | None = Field(
        None, description="reliability of the team mean, Spearman–Brown from ICC(1)"
    )


class QuestionnaireGroupRead(_Read):
    suppressed: bool
    withheld_reason: WithheldReason | None = Field(None, description=_WHY)
    respondents: int | None = None
    subscales: list[SubscaleGroupRead] = []


class GroupRead(_Read):
    """One row of the dashboard: the whole campaign (``team_id`` null) or one team."""

    team_id: int | None
    name: str
    parent_id: int | None
    depth: int
    completion: CompletionRead
    iat: IatGroupRead
    questionnaire: QuestionnaireGroupRead


class SplitHalfRead(_Read):
    method: str
    n: int
    r: float | None
    spearman_brown: float | None


class SubscaleReliabilityRead(_Read):
    """Sample-level reliability of a subscale and how much teams differ on it."""

    code: str
    alpha: float | None
    alpha_ci_low: float | None
    alpha_ci_high: float | None
    n: int
    icc1: float | None
    icc2: float | None


class HistogramBinRead(_Read):
    low: float
    high: float
    count: int


class CampaignSummaryRead(_Read):
    id: int
    name: str
    state: str
    min_group_size_iat: int
    min_group_size_questionnaire: int
    individual_results: str
    open_link_counts_toward_minimum: bool


class ContextRowRead(_Read):
    """One option of a context question (or "no answer"), campaign-wide."""

    code: str
    label: TextRead
    iat: IatGroupRead
    questionnaire: QuestionnaireGroupRead


class ContextBreakdownRead(_Read):
    """Figures by the options of one context question, suppressed like team figures."""

    question_id: str
    question: TextRead
    rows: list[ContextRowRead]


class DashboardRead(_Read):
    campaign: CampaignSummaryRead
    usage_warning: TextRead
    suppression_rule: TextRead
    published: bool = Field(
        description="whether the results are published (the campaign is closed); before, "
        "every figure is withheld and only participation counts are shown"
    )
    publication_rule: TextRead
    groups: list[GroupRead]
    subscale_codes: list[str]
    d_split_half: SplitHalfRead | None
    subscale_reliability: list[SubscaleReliabilityRead]
    d_distribution: list[HistogramBinRead] | None = Field(
        description="D histogram of the groups you may see; null below the IAT minimum"
    )
    context_breakdowns: list[ContextBreakdownRead] = Field(
        default=[],
        description="campaign-wide figures by context question (HR admins only; empty for "
        "managers, whose scope is their teams)",
    )


class ParticipationDayRead(_Read):
    """One UTC day of a group: what happened that day, and the running totals at its end."""

    day: date
    invited: int = Field(
        description="people whose first personal link or invitation e-mail "
        "(whichever came first) dates from this day"
    )
    started: int | None = Field(
        description="people who agreed to take part this day (null "
        "where it is withheld, see started_shown)"
    )
    finished: int = Field(description="people who finished this day (and have not withdrawn)")
    invited_total: int
    started_total: int | None
    finished_total: int


class ParticipationGroupRead(_Read):
    """A group's participation over time. ``shown`` is false for a team split that would
    show fewer people than the campaign's minimum (or isolate them by subtraction): it has no
    days of its own. ``started_shown`` is false where the dashboard withholds the breakdown of
    those who have not finished: started minus finished would tell who refused."""

    team_id: int | None
    name: str
    parent_id: int | None
    depth: int
    people: int = Field(description="people of the group (the roster's count)")
    shown: bool
    started_shown: bool
    days: list[ParticipationDayRead]


class ParticipationRead(_Read):
    campaign_id: int
    timezone: str = Field(description="days are calendar days in this time zone")
    minimum: int = Field(description="a team split is shown only from this many people")
    rule: TextRead
    groups: list[ParticipationGroupRead]


class ComponentGapRead(_Read):
    """One questionnaire component of a team beside its IAT mean, and the gap between them."""

    code: str
    withheld_reason: WithheldReason | None = Field(None, description=_WHY)
    score: MeanCIRead | None = None
    gap: float | None = Field(
        None,
        description="mean z(D) − mean z(component), z-scores over the campaign's people: "
        "positive when the team's spontaneous orientation is above its declared one, "
        "relative to the campaign; null unless both figures are shown",
    )
    gap_se: float | None = None
    gap_ci_low: float | None = Field(None, description="95 % normal interval of the gap")
    gap_ci_high: float | None = None


class TeamGapRead(_Read):
    team_id: int
    name: str
    iat_withheld_reason: WithheldReason | None = Field(None, description=_WHY)
    d: MeanCIRead | None = None
    components: list[ComponentGapRead]


class ImplicitExplicitRead(_Read):
    campaign_id: int
    published: bool
    min_group_size_iat: int
    min_group_size_questionnaire: int
    subscale_codes: list[str]
    method: TextRead
    teams: list[TeamGapRead]


class CorrelationRead(_Read):
    code: str
    n: int = Field(description="people with both a D and this subscale's score")
    r: float | None = Field(None, description="Pearson's r of D with the subscale score")
    ci_low: float | None = Field(None, description="95 % Fisher-z interval")
    ci_high: float | None = None


class ImplicitExplicitCorrelationRead(_Read):
    campaign_id: int
    correlations: list[CorrelationRead]
