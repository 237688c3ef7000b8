"""Participation over time: per UTC day, how many people were invited, agreed to take part
and finished, for the whole campaign and each team, with running totals.

- **invited**: the day of a person's first personal link (minted by HR's download, the
  research API, an open link or an e-mail) or first invitation e-mail, whichever came first;
  a person imported but never given a link is not counted.
- **started**: the day the person agreed to take part (consent). Declining is not starting, so
  a person who declined looks like one who never opened their link; a person who agreed and
  later withdrew stays counted (withdrawing changes nothing here).
- **finished**: the day the session was completed, for people who have not withdrawn (the
  roster's "finished").

Privacy (README, "Who knows who took part"): a team's split is shown only for teams of at
least the campaign's minimum group size (the larger of its IAT and questionnaire minimums),
with the complementary rule of ``aggregates.suppression`` over the team tree, so that the
campaign minus the visible teams never isolates a small team; the whole campaign is always
shown, like the dashboard's participation counts. "Started" is shown only where the dashboard
shows the breakdown of those who have not finished (``aggregates.completion``): elsewhere
started minus finished would split a few people who have not finished into those who agreed
and those who declined or never opened. A manager sees only their teams, suppressed as HR's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.aggregates import repository as repo
from app.aggregates.campaign import CAMPAIGN_TITLE, PUBLISHED_STATES, visible_indexes
from app.aggregates.completion import completion_counts
from app.aggregates.groups import CAMPAIGN_KEY, Group, build_groups
from app.aggregates.schemas import (
    ParticipationDayRead,
    ParticipationGroupRead,
    ParticipationRead,
)
from app.aggregates.suppression import GroupNode, effective_minimum, suppressed_keys
from app.campaigns import repository as campaign_repo
from app.campaigns.manage import load_campaign
from app.db.base import utc_now
from app.db.models import Campaign
from app.domain import CampaignState
from app.i18n import N_, localized

RULE = N_(
    "Days are UTC calendar days. Invited: the day of the person's first personal link or "
    "invitation e-mail; started: the day they agreed to take part; finished: the day they "
    "finished (people who withdrew are not counted). A team is shown on its own only from "
    'the campaign\'s minimum group size, and "started" only where enough people have not '
    "finished, so that these counts never tell who declined or withdrew."
)
SERIES = ("invited", "started", "finished")


def campaign_participation(
    db: Session, scope: HRScope, campaign_id: int, now: datetime | None = None
) -> ParticipationRead:
    """The participation of the campaign and of the teams ``scope`` may see (404 otherwise)."""
    campaign = load_campaign(db, scope, campaign_id)
    teams = repo.organisation_teams(db, campaign.organisation_id)
    groups = build_groups(teams, campaign_repo.team_ids_of(db, campaign.id), CAMPAIGN_TITLE)
    times = repo.participation_times(db, campaign.id)
    team_of = np.array([row[0] for row in times], dtype=np.int64)
    masks = [g.mask(team_of) for g in groups]
    minimum = max(
        effective_minimum(campaign.min_group_size_iat),
        effective_minimum(campaign.min_group_size_questionnaire),
    )
    sizes = [int(np.count_nonzero(m)) for m in masks]
    nodes = [GroupNode(g.key, g.parent_key, n) for g, n in zip(groups, sizes, strict=True)]
    hidden = suppressed_keys(nodes, minimum) - {CAMPAIGN_KEY}
    states = repo.participant_states(db, campaign.id)
    completion = completion_counts(groups, states, campaign.min_group_size_iat)
    no_started = {g.key for g, c in zip(groups, completion, strict=True) if c.consented is None}
    timeline = _timeline(times, _end_day(campaign, now))
    rows = [
        _group(groups[i], masks[i], sizes[i], timeline, (hidden, no_started))
        for i in visible_indexes(groups, scope.team_ids)
    ]
    return ParticipationRead(
        campaign_id=campaign.id, timezone="UTC", minimum=minimum, rule=localized(RULE), groups=rows
    )


def _end_day(campaign: Campaign, now: datetime | None) -> date | None:
    """The day the calendar runs to at least: today while the campaign is open, its closing
    day once closed; None for a draft (its last event)."""
    if campaign.state == CampaignState.OPEN:
        return _utc_day(now or utc_now())
    if campaign.state in PUBLISHED_STATES and campaign.closes_at is not None:
        return _utc_day(campaign.closes_at)
    return None


def _utc_day(moment: datetime) -> date:
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).date()


TimesRow = tuple[int, datetime | None, datetime | None, datetime | None, datetime | None]


@dataclass(frozen=True)
class _Timeline:
    """The calendar (``first`` and ``n_days``; None and 0 when nothing happened yet) and, per
    series, each person's day number in it (-1: never)."""

    first: date | None
    n_days: int
    index: dict[str, NDArray[np.int64]]


def _timeline(times: Sequence[TimesRow], end: date | None) -> _Timeline:
    moments = {
        "invited": [_earliest(row[1], row[2]) for row in times],
        "started": [row[3] for row in times],
        "finished": [row[4] for row in times],
    }
    days = {name: [_utc_day(m) if m else None for m in values] for name, values in moments.items()}
    known = [d for values in days.values() for d in values if d is not None]
    if not known:
        never = np.full(len(times), -1, dtype=np.int64)
        return _Timeline(None, 0, dict.fromkeys(SERIES, never))
    first = min(known)
    last = max([*known, *([end] if end else [])])
    index = {
        name: np.array([(d - first).days if d else -1 for d in values], dtype=np.int64)
        for name, values in days.items()
    }
    return _Timeline(first, (last - first).days + 1, index)


def _earliest(*moments: datetime | None) -> datetime | None:
    known = [_utc(m) for m in moments if m is not None]
    return min(known) if known else None


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _group(
    group: Group,
    mask: NDArray[np.bool_],
    size: int,
    timeline: _Timeline,
    withheld: tuple[set[int], set[int]],
) -> ParticipationGroupRead:
    hidden, no_started = withheld
    shown = group.key not in hidden
    started_shown = shown and group.key not in no_started
    days = _days(mask, timeline, started_shown) if shown else []
    return ParticipationGroupRead(
        team_id=group.team_id,
        name=group.name,
        parent_id=None if group.parent_key in (None, CAMPAIGN_KEY) else group.parent_key,
        depth=group.depth,
        people=size,
        shown=shown,
        started_shown=started_shown,
        days=days,
    )


def _days(
    mask: NDArray[np.bool_], timeline: _Timeline, started_shown: bool
) -> list[ParticipationDayRead]:
    first, n_days = timeline.first, timeline.n_days
    if first is None:
        return []
    counts = {}
    for name in SERIES:
        index = timeline.index[name][mask]
        counts[name] = np.bincount(index[index >= 0], minlength=n_days)
    totals = {name: np.cumsum(values) for name, values in counts.items()}
    return [
        ParticipationDayRead(
            day=first + timedelta(days=i),
            invited=int(counts["invited"][i]),
            started=int(counts["started"][i]) if started_shown else None,
            finished=int(counts["finished"][i]),
            invited_total=int(totals["invited"][i]),
            started_total=int(totals["started"][i]) if started_shown else None,
            finished_total=int(totals["finished"][i]),
        )
        for i in range(n_days)
    ]
