"""Trends of a programme's teams across waves, and the change between two waves.

Every figure is a published dashboard figure (``app.aggregates.dashboard.campaign_dashboard``):
the same suppression, the same reach (a manager's teams only), and only closed campaigns
(results are published when a campaign closes). A wave's figure of a team is shown only if
the team passes that wave's suppression; a change only if the team's figure is shown in both
waves. A difference of two published means discloses nothing the two means do not.

Teams are followed by id: a renamed team keeps its history (shown under its current name);
after a split, the new teams are created below the old one (``teams.parent_id``), whose row
keeps covering all of them, so its series continues while the new teams start theirs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.aggregates.dashboard import SUPPRESSION_RULE, campaign_dashboard
from app.aggregates.schemas import DashboardRead, GroupRead, MeanCIRead
from app.aggregates.suppression import WithheldReason
from app.db.models import Campaign
from app.domain import CampaignState
from app.errors import Conflict, InvalidInput, NotFound
from app.i18n import N_, localized
from app.programmes import repository as repo
from app.programmes.manage import load_programme, programme_read
from app.programmes.schemas import (
    ChangeRead,
    ChangeReportRead,
    PointRead,
    SeriesRead,
    TeamChangeRead,
    TeamTrendRead,
    TrendsRead,
    WaveRead,
)
from scoring.change import Summary, reliable_change, welch_difference

IAT_MEASURE = "D"
_PUBLISHED = (CampaignState.CLOSED, CampaignState.ARCHIVED)
DIFFERENCE_METHOD = N_(
    "Difference between two waves: later mean minus earlier mean, with Welch's 95 % interval "
    "(the waves are treated as independent samples). For the IAT, the reliable-change index "
    "divides the difference by the measurement error of the two team means, SD × √(1 − r) / √n "
    "in each wave with r the wave's split-half reliability (Jacobson & Truax, 1991, adapted to "
    "team means): beyond ±1.96 the change exceeds what the test's unreliability explains. A "
    "change is shown only when the team's figures are shown in both waves."
)


@dataclass(frozen=True)
class _Wave:
    campaign: Campaign
    dashboard: DashboardRead

    def row(self, team_id: int) -> GroupRead | None:
        return next((g for g in self.dashboard.groups if g.team_id == team_id), None)

    def read(self) -> WaveRead:
        halves = self.dashboard.d_split_half
        c = self.campaign
        return WaveRead(
            campaign_id=c.id, name=c.name, state=c.state, opens_at=c.opens_at,
            closes_at=c.closes_at, published=self.dashboard.published,
            min_group_size_iat=self.dashboard.campaign.min_group_size_iat,
            min_group_size_questionnaire=self.dashboard.campaign.min_group_size_questionnaire,
            d_reliability=halves.spearman_brown if halves else None,
        )  # fmt: skip

    @property
    def reliability(self) -> float:
        halves = self.dashboard.d_split_half
        value = halves.spearman_brown if halves else None
        return math.nan if value is None else value


def _published_waves(db: Session, scope: HRScope, programme_id: int) -> list[_Wave]:
    campaigns = [c for c in repo.waves(db, scope, [programme_id]) if c.state in _PUBLISHED]
    return [_Wave(c, campaign_dashboard(db, scope, c.id)) for c in campaigns]


def _measures(waves: list[_Wave]) -> list[str]:
    codes: list[str] = []
    for wave in waves:
        codes += [c for c in wave.dashboard.subscale_codes if c not in codes]
    return [IAT_MEASURE, *codes]


def _teams(waves: list[_Wave]) -> list[tuple[int, str]]:
    """(id, current name) of every team the caller sees in a wave, in the last wave's order."""
    names: dict[int, str] = {}
    for wave in reversed(waves):
        for group in wave.dashboard.groups:
            if group.team_id is not None and group.team_id not in names:
                names[group.team_id] = group.name
    return list(names.items())


def _figure(row: GroupRead, measure: str) -> tuple[WithheldReason | None, MeanCIRead | None]:
    if measure == IAT_MEASURE:
        return row.iat.withheld_reason, row.iat.d
    if row.questionnaire.suppressed:
        return row.questionnaire.withheld_reason, None
    cell = next((s for s in row.questionnaire.subscales if s.code == measure), None)
    return (cell.withheld_reason, cell.score) if cell else (None, None)


def point(wave: _Wave, team_id: int, measure: str) -> PointRead:
    """The team's published figure of ``measure`` in ``wave`` (or why there is none)."""
    row = wave.row(team_id)
    campaign_id = wave.campaign.id
    if row is None:
        return PointRead(campaign_id=campaign_id, measured=False, shown=False)
    reason, score = _figure(row, measure)
    if reason is not None or score is None or score.mean is None:
        return PointRead(
            campaign_id=campaign_id, measured=score is not None or reason is not None,
            shown=False, withheld_reason=reason,
        )  # fmt: skip
    return PointRead(
        campaign_id=campaign_id, measured=True, shown=True, n=score.n, mean=score.mean,
        sd=score.sd, ci_low=score.ci_low, ci_high=score.ci_high,
    )  # fmt: skip


def programme_trends(db: Session, scope: HRScope, programme_id: int) -> TrendsRead:
    """Each team's published figures (mean D and each subscale) across the closed waves."""
    programme = load_programme(db, scope, programme_id)
    waves = _published_waves(db, scope, programme.id)
    measures = _measures(waves)
    teams = [
        TeamTrendRead(
            team_id=team_id,
            name=name,
            series=[
                SeriesRead(measure=m, points=[point(w, team_id, m) for w in waves])
                for m in measures
            ],
        )
        for team_id, name in _teams(waves)
    ]
    return TrendsRead(
        programme=programme_read(db, scope, programme),
        waves=[w.read() for w in waves],
        measures=measures,
        teams=teams,
        suppression_rule=localized(SUPPRESSION_RULE),
    )


def programme_change(
    db: Session, scope: HRScope, programme_id: int, before_id: int, after_id: int
) -> ChangeReportRead:
    """Each team's change on every measure between two closed waves of the programme."""
    programme = load_programme(db, scope, programme_id)
    if before_id == after_id:
        raise InvalidInput(N_("choose two different waves"))
    campaigns = {c.id: c for c in repo.waves(db, scope, [programme.id])}
    before, after = (_wave(db, scope, campaigns, i, programme.id) for i in (before_id, after_id))
    waves = [before, after]
    teams = [
        TeamChangeRead(
            team_id=team_id,
            name=name,
            changes=[_change(before, after, team_id, m) for m in _measures(waves)],
        )
        for team_id, name in _teams(waves)
    ]
    return ChangeReportRead(
        programme=programme_read(db, scope, programme),
        before=before.read(),
        after=after.read(),
        teams=teams,
        method=localized(DIFFERENCE_METHOD),
    )


def _wave(
    db: Session, scope: HRScope, campaigns: dict[int, Campaign], campaign_id: int, programme: int
) -> _Wave:
    campaign = campaigns.get(campaign_id)
    if campaign is None:
        raise NotFound(
            N_("campaign {campaign_id} is not a wave of programme {programme_id}"),
            campaign_id=campaign_id,
            programme_id=programme,
        )
    if campaign.state not in _PUBLISHED:
        raise Conflict(
            N_("campaign {campaign_id} is not closed: its results are not published yet"),
            campaign_id=campaign_id,
        )
    return _Wave(campaign, campaign_dashboard(db, scope, campaign.id))


def _summary(figure: PointRead) -> Summary:
    sd = math.nan if figure.sd is None else figure.sd
    return Summary(float(figure.mean or 0.0), sd, int(figure.n or 0))


def _change(before: _Wave, after: _Wave, team_id: int, measure: str) -> ChangeRead:
    first, second = point(before, team_id, measure), point(after, team_id, measure)
    if not (first.shown and second.shown):
        return ChangeRead(measure=measure, shown=False, before=first, after=second)
    one, two = _summary(first), _summary(second)
    diff = welch_difference(one, two)
    rci = None
    if measure == IAT_MEASURE:
        rci = reliable_change(one, two, before.reliability, after.reliability)
    return ChangeRead(
        measure=measure, shown=True, before=first, after=second,
        difference=diff.difference, se=_finite(diff.se), df=_finite(diff.df),
        ci_low=_finite(diff.ci_low), ci_high=_finite(diff.ci_high),
        rci=_finite(rci.rci) if rci else None, reliable=rci.reliable if rci else None,
    )  # fmt: skip


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None
