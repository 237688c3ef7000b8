"""The participation-over-time chart of the campaign page (SVG drawn server-side).

Drawn from the already suppressed ``ParticipationRead``: the first group the caller sees (the
whole campaign for HR admins) with its running totals of invited, started and finished, and
beside it the running total of finished people per team shown. Hidden teams and withheld
"started" series are not drawn; the table on the page is the text alternative.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.aggregates.charts import empty_chart, svg_chart
from app.aggregates.participation import campaign_participation
from app.aggregates.schemas import ParticipationGroupRead, ParticipationRead
from app.i18n import N_, gettext

_LABELS = {
    "invited": N_("Invited"),
    "started": N_("Started"),
    "finished": N_("Finished"),
    "people": N_("People (running total, UTC days)"),
    "by_team": N_("Finished, by team"),
    "campaign": N_("Whole campaign"),
}
_STYLES: dict[str, dict[str, Any]] = {
    "invited": {"color": "#8a96a3"},
    "started": {"color": "#d69e2e", "linestyle": "--", "linewidth": 2.2},
    "finished": {"color": "#2b6cb0"},
}
MARKED_DAYS = 31  # a short campaign's days are marked, so that one day shows as points


def participation_chart(db: Session, scope: HRScope, campaign_id: int, lang: str) -> str:
    data = campaign_participation(db, scope, campaign_id)
    return svg_chart(lambda figure: _draw(figure, data, lang), lang)


def _t(key: str, lang: str) -> str:
    return gettext(lang, _LABELS[key])


def _name(group: ParticipationGroupRead, lang: str) -> str:
    return group.name if group.team_id is not None else _t("campaign", lang)


def _draw(figure: Any, data: ParticipationRead, lang: str) -> None:
    shown = [g for g in data.groups if g.shown and g.days]
    if not shown:
        return empty_chart(figure.subplots(), lang)
    teams = [g for g in shown[1:] if g.team_id is not None]
    axes = figure.subplots(1, 2 if teams else 1, squeeze=False)[0]
    _totals(axes[0], shown[0], lang)
    if teams:
        _by_team(axes[1], teams, lang)
    for ax in axes:
        _date_axis(ax, [d.day for d in shown[0].days])
    return None


def _date_axis(ax: Any, days: list[date]) -> None:
    """Whole days, ISO dates (no month names: they would not follow the page's language)."""
    from matplotlib import dates  # imported with matplotlib, in the drawing only

    every = max(1, len(days) // 7)
    ax.xaxis.set_major_locator(dates.DayLocator(interval=every))  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(dates.DateFormatter("%Y-%m-%d"))  # type: ignore[no-untyped-call]
    ax.set_xlim(days[0] - timedelta(days=1), days[-1] + timedelta(days=1))
    ax.tick_params(axis="x", labelrotation=30, labelsize=8)


def _marks(days: list[date]) -> dict[str, Any]:
    return {"marker": "o", "markersize": 3} if len(days) <= MARKED_DAYS else {}


def _totals(ax: Any, group: ParticipationGroupRead, lang: str) -> None:
    days = [d.day for d in group.days]
    for name in ("invited", "started", "finished"):
        values = [getattr(d, f"{name}_total") for d in group.days]
        if None not in values:
            style = _STYLES[name] | _marks(days)
            ax.step(days, values, where="post", label=_t(name, lang), **style)
    ax.set_title(_name(group, lang), fontsize=10)
    ax.set_ylabel(_t("people", lang))
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8, loc="lower right")


def _by_team(ax: Any, teams: list[ParticipationGroupRead], lang: str) -> None:
    for group in teams:
        days = [d.day for d in group.days]
        values = [d.finished_total for d in group.days]
        ax.step(days, values, where="post", label=group.name, **_marks(days))
    ax.set_title(_t("by_team", lang), fontsize=10)
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8, loc="lower right")
