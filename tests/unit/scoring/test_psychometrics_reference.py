"""scoring.psychometrics against values computed in R (psych 2.2.9, multilevel 2.7, R 4.2.2).

The numbers live in fixtures/psychometrics_reference.json, written by
tests/fixtures/r/psychometrics_reference.R from fixtures/psychometrics_items.csv; CI needs no R.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from scoring.psychometrics import (
    _f_quantile,
    ad_m,
    alpha_if_deleted,
    cronbach_alpha,
    group_mean_reliability,
    icc1,
    icc2,
    item_rest_correlations,
    mcdonald_omega,
    rwg,
    rwg_j,
    rwg_j_lindell,
    subscale_scores,
    team_agreement,
)

FIXTURES = Path(__file__).parent / "fixtures"
REF: dict[str, Any] = json.loads((FIXTURES / "psychometrics_reference.json").read_text())
RTOL = 1e-12  # R prints 15 significant digits


def _load() -> tuple[np.ndarray, np.ndarray]:
    with (FIXTURES / "psychometrics_items.csv").open() as f:
        rows = list(csv.DictReader(f))
    raw = [[np.nan if r[f"i{j}"] == "NA" else float(r[f"i{j}"]) for j in range(1, 6)] for r in rows]
    return np.array(raw), np.array([r["team"] for r in rows])


RAW, TEAM = _load()
REVERSE = np.array(REF["reverse"])
ITEMS = np.where(REVERSE, (1 + REF["scale_points"]) - RAW, RAW)  # reverse-keyed, as in the R script
SCORE = subscale_scores(RAW, ["S"] * 5, REVERSE, REF["scale_points"]).scores[:, 0]


def _ref(name: str) -> np.ndarray:
    return np.array(REF[name], dtype=float)  # JSON null -> NaN


def test_subscale_scores_with_reverse_keying_and_two_thirds_rule() -> None:
    np.testing.assert_allclose(SCORE, _ref("subscale_score"), rtol=RTOL, equal_nan=True)


def test_cronbach_alpha_and_feldt_interval() -> None:
    result = cronbach_alpha(ITEMS)
    assert result.n_used == REF["n_complete"]
    assert result.alpha == pytest.approx(REF["alpha"], rel=RTOL)
    np.testing.assert_allclose(result.ci, REF["alpha_ci_feldt_95"], rtol=1e-10)


def test_item_rest_correlations_are_psych_r_drop() -> None:
    np.testing.assert_allclose(item_rest_correlations(ITEMS), REF["item_rest_r"], rtol=RTOL)


def test_alpha_if_deleted_is_psych_alpha_drop() -> None:
    np.testing.assert_allclose(alpha_if_deleted(ITEMS), REF["alpha_if_deleted"], rtol=RTOL)


def test_omega_from_converged_principal_axis() -> None:
    result = mcdonald_omega(ITEMS)
    assert result.converged and result.n_used == REF["n_complete"]
    np.testing.assert_allclose(result.loadings, REF["omega_pa_loadings"], atol=1e-9)
    assert result.omega == pytest.approx(REF["omega"], abs=1e-10)


def test_loadings_are_psych_minres_loadings_to_optimiser_precision() -> None:
    np.testing.assert_allclose(mcdonald_omega(ITEMS).loadings, REF["minres_loadings"], atol=1e-5)


def test_team_agreement_matches_r_for_every_team() -> None:
    result = team_agreement(ITEMS, TEAM, REF["scale_points"])
    assert result.groups.tolist() == REF["teams"]
    for name in ("rwg_j", "rwg_j_lindell", "ad_m"):
        np.testing.assert_allclose(getattr(result, name), _ref(name), rtol=RTOL, equal_nan=True)


@pytest.mark.parametrize("k", range(len(REF["teams"])))
def test_single_team_functions_match_r(k: int) -> None:
    members = ITEMS[np.equal(TEAM, REF["teams"][k])]
    expected_rwg = np.array(REF["rwg_items"][k], dtype=float)
    got_rwg = [rwg(members[:, j], REF["scale_points"]) for j in range(5)]
    np.testing.assert_allclose(got_rwg, expected_rwg, rtol=RTOL, atol=1e-15, equal_nan=True)
    got = [rwg_j(members, 5), rwg_j_lindell(members, 5), ad_m(members)]
    expected = [_ref(name)[k] for name in ("rwg_j", "rwg_j_lindell", "ad_m")]
    np.testing.assert_allclose(got, expected, rtol=RTOL, equal_nan=True)


def test_icc1_icc2_match_multilevel() -> None:
    assert icc1(SCORE, TEAM) == pytest.approx(REF["icc1"], rel=RTOL)
    assert icc2(SCORE, TEAM) == pytest.approx(REF["icc2"], rel=RTOL)


def test_group_mean_reliability() -> None:
    got = group_mean_reliability(REF["icc1"], REF["score_team_sizes"])
    np.testing.assert_allclose(got, REF["group_mean_reliability"], rtol=RTOL)


@pytest.mark.parametrize(
    "case", REF["f_quantiles"], ids=lambda c: f"{c['p']}-{c['df1']}-{c['df2']}"
)
def test_f_quantile_matches_r_qf(case: dict[str, float]) -> None:
    assert _f_quantile(case["p"], case["df1"], case["df2"]) == pytest.approx(case["q"], rel=1e-11)
