"""scoring.linkage / correlation / drivers against values computed in R 4.2.2 (base R; lme4 1.1.31
only as a cross-check of the variance components).

The numbers live in fixtures/linkage_reference.json, written by tests/fixtures/r/linkage_reference.R
together with the simulated data it reads back here (fixtures/linkage_people.csv, people in teams,
and fixtures/linkage_teams.csv, one outcome per team); CI needs no R. The module gets only the team
summaries (mean, SD, n) the dashboard publishes; R works on the people's rows (aov, lm, cor.test).
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from scoring.linkage import LinkageWarning, OutcomeLinkage, TeamPredictor, link_outcome

FIXTURES = Path(__file__).parent / "fixtures"
REF: dict[str, Any] = json.loads((FIXTURES / "linkage_reference.json").read_text())
CODES = ("D", "LEAD", "CONN", "AUTO")
TOL = 1e-12  # R prints 15 significant digits


def _rows(name: str) -> list[dict[str, str]]:
    with (FIXTURES / name).open() as f:
        return list(csv.DictReader(f))


def _summary(values: list[float]) -> tuple[float, float, float]:
    x = np.array([v for v in values if not math.isnan(v)])
    if not x.size:
        return math.nan, math.nan, 0.0
    return float(x.mean()), float(x.std(ddof=1)) if x.size > 1 else math.nan, float(x.size)


def _predictor(code: str, teams: list[str], people: list[dict[str, str]]) -> TeamPredictor:
    by_team: dict[str, list[float]] = {t: [] for t in teams}
    for row in people:
        by_team[row["team"]].append(float(row[code]) if row[code] else math.nan)
    mean, sd, n = (
        np.array(col) for col in zip(*(_summary(by_team[t]) for t in teams), strict=True)
    )
    return TeamPredictor(code, mean, sd, n)


@pytest.fixture(scope="module")
def result() -> OutcomeLinkage:
    teams = _rows("linkage_teams.csv")
    names = [t["team"] for t in teams]
    people = _rows("linkage_people.csv")
    outcome = [float(t["nps"]) if t["nps"] else math.nan for t in teams]
    customers = [float(t["n_customers"]) for t in teams]
    predictors = [_predictor(code, names, people) for code in CODES]
    return link_outcome(outcome, "higher_better", predictors, customers, n_boot=500, seed=7)


@pytest.mark.parametrize("code", CODES)
def test_correlations_match_r(result: OutcomeLinkage, code: str) -> None:
    ours, ref = result.predictors[CODES.index(code)], REF["predictors"][code]
    assert ours.n_teams == ours.pearson.n == ref["n"]
    for kind in ("pearson", "weighted", "spearman"):
        c = getattr(ours, kind)
        np.testing.assert_allclose(
            [c.r, c.ci_low, c.ci_high], [ref[kind]["r"], *ref[kind]["ci"]], rtol=TOL, err_msg=kind
        )
    assert ours.weighted.n_effective == pytest.approx(ref["weighted"]["n_eff"], rel=TOL)
    assert result.weight_basis == "n_customers"


@pytest.mark.parametrize("code", CODES)
def test_two_step_slope_matches_r(result: OutcomeLinkage, code: str) -> None:
    ours, ref = result.predictors[CODES.index(code)].multilevel, REF["predictors"][code]["two_step"]
    np.testing.assert_allclose(
        [ours.slope, ours.se, ours.ci_low, ours.ci_high, ours.icc1, ours.icc2, ours.per_team_sd],
        [ref["slope"], ref["se"], *ref["ci"], ref["icc1"], ref["icc2"], ref["per_team_sd"]],
        rtol=1e-10,  # the t quantile is bisected, not R's qt
    )
    assert ours.teams_unreliable == ref["teams_unreliable"]
    # lmer's REML variance components give a close, not equal, ICC(1) on unbalanced teams
    assert ours.icc1 == pytest.approx(ref["lmer_icc1"], abs=0.05)


def test_relative_weights_match_r(result: OutcomeLinkage) -> None:
    ref = REF["relative_weights"]
    rw = result.drivers
    assert list(rw.names) == ref["names"] and rw.n_teams == ref["n_teams"]
    np.testing.assert_allclose(rw.raw, ref["raw"], rtol=1e-10)
    assert rw.r_squared == pytest.approx(ref["r_squared"], rel=1e-12)
    assert np.all(rw.ci_low <= rw.ci_high) and rw.n_boot_used == 500  # seeded, not R's RNG


def test_relative_weights_are_close_to_general_dominance(result: OutcomeLinkage) -> None:
    # the module docstring's claim (LeBreton et al. 2004), on these data: within .02 of R² each,
    # and the same predictor first
    gdw = np.array(REF["relative_weights"]["general_dominance"])
    np.testing.assert_allclose(result.drivers.raw, gdw, atol=0.02)
    assert np.argmax(result.drivers.raw) == np.argmax(gdw)


def test_warnings_on_the_reference_data(result: OutcomeLinkage) -> None:
    # 29–30 teams, no rwg given; D's team means are unreliable (ICC(2) well below 0.7)
    d = result.predictors[0]
    assert d.multilevel.icc2 < 0.7 and LinkageWarning.UNRELIABLE_MEANS in d.warnings
    assert LinkageWarning.TOO_FEW_TEAMS not in result.warnings
