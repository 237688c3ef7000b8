"""The trend chart of a programme: one line per team, a measure's mean and 95 % interval in
each closed wave, drawn from the published trends (a withheld point is a gap in the line)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.aggregates.charts import empty_chart, svg_chart
from app.errors import NotFound
from app.i18n import N_, gettext
from app.programmes.schemas import TrendsRead
from app.programmes.trends import IAT_MEASURE, programme_trends

AXIS = {IAT_MEASURE: N_("Mean D and 95 % CI")}
MEAN_AXIS = N_("Mean (1–5)")


def trend_chart(db: Session, scope: HRScope, programme_id: int, measure: str, lang: str) -> str:
    """The SVG of ``measure`` (``D`` or a subscale code) across the programme's waves."""
    trends = programme_trends(db, scope, programme_id)
    if measure not in trends.measures:
        raise NotFound(N_("no measure named '{name}'"), name=measure)
    return svg_chart(lambda figure: _draw(figure.subplots(), trends, measure, lang), lang)


def _draw(ax: Any, trends: TrendsRead, measure: str, lang: str) -> None:
    drawn = False
    for team in trends.teams:
        series = next(s for s in team.series if s.measure == measure)
        shown = [(i, p) for i, p in enumerate(series.points) if p.shown and p.mean is not None]
        if not shown:
            continue
        drawn = True
        x = [i for i, _ in shown]
        y = [float(p.mean or 0.0) for _, p in shown]
        low = [float(p.mean or 0.0) - float(p.ci_low or p.mean or 0.0) for _, p in shown]
        high = [float(p.ci_high or p.mean or 0.0) - float(p.mean or 0.0) for _, p in shown]
        ax.errorbar(x, y, yerr=[low, high], fmt="-o", capsize=3, label=team.name)
    if not drawn:
        empty_chart(ax, lang)
        return
    ax.set_xticks(range(len(trends.waves)), [w.name for w in trends.waves])
    ax.set_ylabel(gettext(lang, AXIS.get(measure, MEAN_AXIS)))
    ax.legend(loc="best", fontsize="small")
