"""Dashboard charts drawn server-side with matplotlib, as SVG served from our own route.

They are drawn from the already suppressed dashboard (``DashboardRead``), so a chart can never
show more than the tables beside it; the tables are the text alternative. Text is kept as SVG
text (``svg.fonttype: none``, escaped by matplotlib), no external resource is referenced, and
the date metadata is left out so the same data give the same bytes. Numbers (ticks, cell
values) are written with the reader's decimal symbol ("0,42" in French).
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.aggregates.dashboard import load_campaign
from app.aggregates.schemas import DashboardRead, GroupRead
from app.aggregates.stored import stored_board
from app.errors import NotFound
from app.i18n import N_, gettext
from app.numbers import decimal, localised

_LABELS = {
    "d_axis": N_("D score (> 0: Customer + Pleasant faster)"),
    "people": N_("People"),
    "mean_d": N_("Mean D and 95 % CI"),
    "withheld": N_("Withheld (group too small)"),
    "no_data": N_("Not enough data to show"),
    "mean": N_("Mean (1–5)"),
}


DRAWN_KEPT = 96  # charts kept per server process (about 50 KB each)
_DRAWN: OrderedDict[tuple[str, str, str], str] = OrderedDict()
_DRAWN_LOCK = threading.Lock()


def _t(key: str, lang: str) -> str:
    return gettext(lang, _LABELS[key])


def dashboard_chart(db: Session, scope: HRScope, campaign_id: int, name: str, lang: str) -> str:
    """The SVG of chart ``name`` (``d-distribution``, ``iat-teams``, ``heatmap``), drawn from
    the stored dashboard of the user's audience; the drawing is kept (``_DRAWN``) until the
    stored figures change, so a chart is drawn once per refresh, audience and language."""
    draw = _CHARTS.get(name)
    if draw is None:
        raise NotFound(N_("no chart named '{name}'"), name=name)
    dashboard, version = stored_board(db, load_campaign(db, scope, campaign_id), scope.team_ids)
    key = (version, name, lang)
    with _DRAWN_LOCK:
        svg = _DRAWN.get(key)
    if svg is None:
        svg = svg_chart(lambda figure: draw(figure.subplots(), dashboard, lang), lang)
        with _DRAWN_LOCK:
            _DRAWN[key] = svg
            while len(_DRAWN) > DRAWN_KEPT:
                _DRAWN.popitem(last=False)
    return svg


def svg_chart(draw: Callable[[Any], None], lang: str | None = None) -> str:
    """The SVG text of a 7 × 3.6 in figure that ``draw`` fills (without a date, so the same
    data give the same bytes), its numeric ticks written for ``lang`` when given."""
    # Imported here: matplotlib takes about a second to import and only charts need it.
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.0, 3.6), layout="constrained")
    draw(figure)
    if lang is not None:
        localise_ticks(figure, lang)
    buffer = io.StringIO()
    with rc_context({"svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def localise_ticks(figure: Any, lang: str) -> None:
    """Numeric ticks (matplotlib's ScalarFormatter) in the reader's way; team names stay."""
    from matplotlib.ticker import ScalarFormatter

    class Localised(ScalarFormatter):
        def __call__(self, x: float, pos: int | None = None) -> str:
            return localised(super().__call__(x, pos), lang)

    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if type(axis.get_major_formatter()) is ScalarFormatter:
                axis.set_major_formatter(Localised())


def empty_chart(ax: Any, lang: str) -> None:
    """An empty panel saying there is not enough data to show."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, _t("no_data", lang), ha="center", va="center")


def _distribution(ax: Any, dashboard: DashboardRead, lang: str) -> None:
    bins = dashboard.d_distribution
    if not bins:
        return empty_chart(ax, lang)
    ax.bar(
        [b.low for b in bins], [b.count for b in bins], width=0.19, align="edge", color="#2b6cb0"
    )
    ax.axvline(0.0, color="#444", linewidth=1)
    ax.set_xlabel(_t("d_axis", lang))
    ax.set_ylabel(_t("people", lang))
    return None


def _intervals(dashboard: DashboardRead) -> list[tuple[str, float, float, float]]:
    """(name, mean, distance to the lower bound, to the upper bound) of each shown team."""
    found = []
    for group in dashboard.groups:
        d = group.iat.d
        if d is not None and d.mean is not None:
            low = d.mean - d.ci_low if d.ci_low is not None else 0.0
            high = d.ci_high - d.mean if d.ci_high is not None else 0.0
            found.append((group.name, d.mean, low, high))
    return found


def _team_means(ax: Any, dashboard: DashboardRead, lang: str) -> None:
    rows = _intervals(dashboard)
    if not rows:
        return empty_chart(ax, lang)
    y = list(range(len(rows)))
    xerr = [[r[2] for r in rows], [r[3] for r in rows]]
    ax.errorbar([r[1] for r in rows], y, xerr=xerr, fmt="o", color="#2b6cb0", capsize=3)
    ax.set_yticks(y, [r[0] for r in rows])
    ax.invert_yaxis()
    ax.axvline(0.0, color="#444", linewidth=1)
    ax.set_xlabel(_t("mean_d", lang))
    return None


def _heatmap(ax: Any, dashboard: DashboardRead, lang: str) -> None:
    groups = [g for g in dashboard.groups if not g.questionnaire.suppressed]
    codes = dashboard.subscale_codes
    if not groups or not codes:
        return empty_chart(ax, lang)
    values = [[_cell_mean(g, code) for code in codes] for g in groups]
    image = ax.imshow(
        [[v if v is not None else float("nan") for v in row] for row in values],
        cmap="RdYlGn",
        vmin=1,
        vmax=5,
        aspect="auto",
    )
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            shown = "—" if value is None else decimal(value, 2, lang)
            ax.text(j, i, shown, ha="center", va="center")
    ax.set_xticks(range(len(codes)), codes)
    ax.set_yticks(range(len(groups)), [g.name for g in groups])
    ax.figure.colorbar(image, ax=ax, label=_t("mean", lang))
    return None


def _cell_mean(group: GroupRead, code: str) -> float | None:
    cell = next((c for c in group.questionnaire.subscales if c.code == code), None)
    return cell.score.mean if cell is not None and cell.score is not None else None


_CHARTS: dict[str, Callable[[Any, DashboardRead, str], None]] = {
    "d-distribution": _distribution,
    "iat-teams": _team_means,
    "heatmap": _heatmap,
}
CHART_NAMES = tuple(_CHARTS)
