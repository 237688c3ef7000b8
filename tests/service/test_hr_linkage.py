"""The campaign linkage analysis from published team figures and outcome rows.

The team figures are chosen by hand; the expected correlations are computed here from those
values (not from the dashboard), so a team figure that leaked past suppression, a nested team
counted twice or a sign left unflipped changes the numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from app.aggregates.campaign import campaign_aggregates
from app.aggregates.linkage import build_linkage, period_start
from app.aggregates.linkage_read import WARNINGS
from app.aggregates.outcome_rows import OutcomeRow, team_outcome_rows
from scoring.correlation import pearson, spearman
from scoring.linkage import LinkageWarning
from tests.support.hr_world import World, flatten_teams
from tests.support.linkage_world import TEAMS, lead, linkage_world, nps


@pytest.fixture(autouse=True)
def _team_trees(db: Session) -> Iterator[None]:
    yield
    flatten_teams(db)


def _rows(
    world: World, metric: str = "nps", sign: float = 1.0, direction: str = "higher_better"
) -> list[OutcomeRow]:
    rows = [
        OutcomeRow(world.teams[name].id, metric, sign * nps(t), 100 + t, "2026-Q2", direction)
        for t, name in enumerate(TEAMS)
    ]
    rows.append(OutcomeRow(world.teams["Tiny"].id, metric, sign * 500.0, 50, "2026-Q2", direction))
    rows.append(
        OutcomeRow(world.teams["Parent"].id, metric, sign * -400.0, 50, "2026-Q2", direction)
    )
    return rows


def test_linkage_uses_published_leaf_teams_only(db: Session) -> None:
    world = linkage_world(db)
    read = build_linkage(campaign_aggregates(db, world.campaign), _rows(world))
    (outcome,) = read.outcomes
    assert outcome.n_teams == 24  # Parent left out: T00, below it, has the outcome
    row = next(p for p in outcome.predictors if p.predictor == "LEAD")
    x, y = [lead(t) for t in range(24)], [nps(t) for t in range(24)]
    assert row.pearson.r == pytest.approx(pearson(x, y).r, abs=1e-9)
    assert row.spearman.r == pytest.approx(spearman(x, y).r, abs=1e-9)
    assert outcome.weight_basis == "n_customers"
    assert outcome.warnings == [] or all(w.code != "too_few_teams" for w in outcome.warnings)
    assert {w.predictor for w in outcome.drivers.weights} == {"D", "LEAD", "CONN", "AUTO"}
    assert outcome.drivers.seed == world.campaign.id and outcome.drivers.n_teams == 24
    assert outcome.drivers.r_squared is not None and outcome.drivers.n_boot_used > 0
    assert sum(w.weight or 0 for w in outcome.drivers.weights) == pytest.approx(
        outcome.drivers.r_squared
    )


def test_withheld_teams_do_not_enter(db: Session) -> None:
    # Tiny (2 people < 3) is withheld, and one sibling with it (the subtraction rule)
    world = linkage_world(db, tiny=True)
    aggregates = campaign_aggregates(db, world.campaign)
    shown = {r.name for r in aggregates.rows if r.team_id is not None and not r.iat.suppressed}
    assert "Tiny" not in shown and len(shown & set(TEAMS)) < 24
    outcome = build_linkage(aggregates, _rows(world)).outcomes[0]
    assert outcome.n_teams == len(shown & set(TEAMS))
    kept = [t for t, name in enumerate(TEAMS) if name in shown]
    row = next(p for p in outcome.predictors if p.predictor == "LEAD")
    assert row.pearson.r == pytest.approx(
        pearson([lead(t) for t in kept], [nps(t) for t in kept]).r
    )


def test_lag_and_reading_texts(db: Session) -> None:
    world = linkage_world(db)
    read = build_linkage(campaign_aggregates(db, world.campaign), _rows(world))
    assert (read.measured_from, read.measured_to) == (date(2026, 1, 5), date(2026, 2, 15))
    outcome = read.outcomes[0]
    assert outcome.period_start == date(2026, 4, 1) and outcome.lag_days == 45
    assert any("causes" in t["en"] for t in read.reading) and all(t["fr"] for t in read.reading)


def test_lower_better_outcome_is_turned_around(db: Session) -> None:
    world = linkage_world(db)
    aggregates = campaign_aggregates(db, world.campaign)
    up = build_linkage(aggregates, _rows(world)).outcomes[0]
    down = build_linkage(aggregates, _rows(world, "complaints", -1.0, "lower_better")).outcomes[0]
    for a, b in zip(up.predictors, down.predictors, strict=True):
        assert a.pearson.r == pytest.approx(b.pearson.r) and a.multilevel.slope == pytest.approx(
            b.multilevel.slope
        )
    assert down.direction == "lower_better"


def test_a_managers_few_teams_get_the_warning(db: Session) -> None:
    world = linkage_world(db)
    mine = frozenset(world.teams[n].id for n in TEAMS[:6])
    outcome = build_linkage(campaign_aggregates(db, world.campaign, mine), _rows(world)).outcomes[0]
    assert outcome.n_teams == 6
    assert "too_few_teams" in [w.code for w in outcome.warnings]
    assert all(w.text["en"] and w.text["fr"] for w in outcome.warnings)


def test_an_open_campaign_links_nothing(db: Session) -> None:
    world = linkage_world(db, state="open")
    outcome = build_linkage(campaign_aggregates(db, world.campaign), _rows(world)).outcomes[0]
    assert outcome.n_teams == 0
    assert all(p.pearson.r is None and p.multilevel.slope is None for p in outcome.predictors)
    assert all(w.weight is None for w in outcome.drivers.weights)


@pytest.mark.parametrize(
    ("period", "start"),
    [
        ("2026", date(2026, 1, 1)),
        ("2026-03", date(2026, 3, 1)),
        ("2026-Q3", date(2026, 7, 1)),
        ("2026-H2", date(2026, 7, 1)),
        ("2026-13", None),
        ("spring", None),
    ],
)
def test_period_start(period: str, start: date | None) -> None:
    assert period_start(period) == start


_TABLE = (
    "CREATE TABLE team_outcomes (campaign_id INTEGER, team_id INTEGER, metric TEXT, "
    "value REAL, n_customers INTEGER, period TEXT, direction TEXT)"
)
_INSERT = (
    "INSERT INTO team_outcomes VALUES (1, 7, 'nps', 31.5, 120, '2026-Q2', 'higher_better'), "
    "(1, 8, 'churn', 0.04, NULL, '2026-Q2', 'lower_better'), "
    "(2, 7, 'nps', 1, 1, 'x', 'higher_better')"
)


def test_outcome_rows_query_reads_the_table_described_in_issue_18() -> None:
    with Session(create_engine("sqlite://")) as db:
        db.execute(text(_TABLE))
        db.execute(text(_INSERT))
        rows = team_outcome_rows(db, 1)
    assert rows == [
        OutcomeRow(8, "churn", 0.04, None, "2026-Q2", "lower_better"),
        OutcomeRow(7, "nps", 31.5, 120, "2026-Q2", "higher_better"),
    ]


def test_every_warning_code_has_a_text() -> None:
    assert set(WARNINGS) == set(LinkageWarning)
