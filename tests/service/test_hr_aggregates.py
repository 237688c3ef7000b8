"""Team aggregates against hand-computed values, and the suppression rules on small teams."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from app.aggregates.campaign import campaign_aggregates
from app.aggregates.schemas import GroupRead
from app.aggregates.suppression import GroupNode, suppressed_keys
from app.domain import SessionState
from tests.support.hr_world import (
    add_person,
    flatten_teams,
    make_world,
    uniform_answers,
)

# Student t quantile t(0.975, df = 2), from tables.
T975_DF2 = 4.302652729911275


@pytest.fixture(autouse=True)
def _team_trees(db: Session) -> Iterator[None]:
    yield
    flatten_teams(db)


def _row(rows: list[GroupRead], name: str) -> GroupRead:
    return next(r for r in rows if r.name == name)


def test_mean_d_sd_and_ci_of_a_small_team(db: Session) -> None:
    world = make_world(db, {"Sales": None})
    for d in (0.1, 0.3, 0.5):
        add_person(db, world, "Sales", d=d, flags={"too_many_errors": d == 0.5})
    add_person(db, world, "Sales", excluded=True)  # completed but excluded: counted, not averaged
    add_person(db, world, "Sales", skipped=True)
    add_person(db, world, "Sales", d=2.0, withdrawn=True)  # withdrawn: not there at all
    add_person(db, world, "Sales", state=SessionState.IN_PROGRESS, d=-1.0)  # not completed
    db.commit()
    iat = _row(campaign_aggregates(db, world.campaign).rows, "Sales").iat
    assert not iat.suppressed and iat.d is not None
    # mean .3, SD sqrt((.2² + 0 + .2²)/2) = .2, half-width t(.975, 2) · .2 / √3
    half = T975_DF2 * 0.2 / math.sqrt(3)
    assert iat.d.n == 3
    assert iat.d.mean == pytest.approx(0.3)
    assert iat.d.sd == pytest.approx(0.2)
    assert (iat.d.ci_low, iat.d.ci_high) == (pytest.approx(0.3 - half), pytest.approx(0.3 + half))
    assert (iat.excluded, iat.flagged, iat.skipped) == (1, 1, 1)
    assert iat.bands is None  # 3 < 2 × minimum


def test_bands_appear_when_the_team_is_twice_the_minimum(db: Session) -> None:
    world = make_world(db, {"Sales": None})
    for d in (0.0, 0.1, 0.2, 0.4, 0.7, -0.8):  # none, none, slight, moderate, strong, strong
        add_person(db, world, "Sales", d=d)
    db.commit()
    bands = _row(campaign_aggregates(db, world.campaign).rows, "Sales").iat.bands
    assert bands is not None
    assert (bands.none, bands.slight, bands.moderate, bands.strong) == (2, 1, 1, 2)


def test_completion_counts_every_participant_once(db: Session) -> None:
    world = make_world(db, {"Sales": None})
    add_person(db, world, "Sales", state=None)
    add_person(db, world, "Sales", state=SessionState.INVITED)
    add_person(db, world, "Sales", state=SessionState.CONSENTED)
    add_person(db, world, "Sales", state=SessionState.IN_PROGRESS)
    add_person(db, world, "Sales", state=SessionState.COMPLETED, d=0.2)
    add_person(db, world, "Sales", state=SessionState.DECLINED)
    add_person(db, world, "Sales", state=SessionState.WITHDRAWN, withdrawn=True)
    db.commit()
    done = _row(campaign_aggregates(db, world.campaign).rows, "Sales").completion
    assert (done.invited, done.not_started, done.consented, done.in_progress) == (7, 2, 1, 1)
    assert (done.completed, done.declined, done.withdrawn) == (1, 1, 1)
    assert done.completion_rate == pytest.approx(1 / 7)


def test_small_team_is_suppressed_and_its_parent_is_not(db: Session) -> None:
    world = make_world(db, {"Sales": None, "North": "Sales", "South": "Sales"})
    for d in (0.1, 0.2, 0.3):
        add_person(db, world, "North", d=d)
    for d in (0.4, 0.5, 0.6):
        add_person(db, world, "South", d=d)
    add_person(db, world, "Sales", d=0.9)  # one person directly in the parent team
    add_person(db, world, "Sales", d=1.0)
    add_person(db, world, "Sales", d=1.1)
    db.commit()
    rows = campaign_aggregates(db, world.campaign).rows
    assert _row(rows, "Sales").iat.d.n == 9  # type: ignore[union-attr]
    assert not _row(rows, "North").iat.suppressed and not _row(rows, "South").iat.suppressed


def test_complementary_suppression_hides_the_smallest_visible_child(db: Session) -> None:
    # minimum 3: Small (2) is suppressed first; Sales (11) − North (5) − South (4) = 2 would
    # reveal Small, so South, the smallest visible child, goes too (residual 6).
    world = make_world(db, {"Sales": None, "North": "Sales", "South": "Sales", "Small": "Sales"})
    for team, n in (("North", 5), ("South", 4), ("Small", 2)):
        for i in range(n):
            add_person(db, world, team, d=0.1 * i)
    db.commit()
    rows = campaign_aggregates(db, world.campaign).rows
    hidden = {r.name for r in rows if r.iat.suppressed}
    assert hidden == {"Small", "South"}
    assert _row(rows, "South").iat.d is None  # the numbers never leave the server
    assert _row(rows, "Sales").iat.d.n == 11  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("children", "expected"),
    [
        ({1: 5, 2: 5}, set()),  # residual 0
        ({1: 5, 2: 4}, {2}),  # parent 10: residual 1 → hide the smaller child
        ({1: 4, 2: 4}, {1}),  # tie: the lower key
        ({1: 2, 2: 6}, {1}),  # primary; the residual 4 (the hidden child and others) is safe
        ({1: 6}, set()),  # residual 4 ≥ minimum
    ],
)
def test_suppression_rule_on_a_parent_of_ten(children: dict[int, int], expected: set[int]) -> None:
    nodes = [GroupNode(0, None, 10)] + [GroupNode(k, 0, n) for k, n in children.items()]
    hidden = suppressed_keys(nodes, 4)
    assert hidden == expected


def test_minimum_is_never_below_three() -> None:
    nodes = [GroupNode(0, None, 2)]
    assert suppressed_keys(nodes, 1) == {0}


def test_suppression_looks_through_a_hidden_child_to_its_visible_children() -> None:
    # root 30 ⊃ A 20 ⊃ {A1 8, A2 10}; B 10 visible. With minimum 5: A − A1 − A2 = 2 hides A1
    # (smallest), then A's residual is 10. Root − A − B = 0: fine.
    nodes = [
        GroupNode(0, None, 30),
        GroupNode(1, 0, 20),
        GroupNode(2, 1, 8),
        GroupNode(3, 1, 10),
        GroupNode(4, 0, 10),
    ]
    assert suppressed_keys(nodes, 5) == {2}
    # root 23 ⊃ A 20 ⊃ {A1 10, A2 10}, B 3: B is hidden; root − A = 3 hides A; the root's
    # frontier is then A1 + A2, residual 3, so A1 goes too (tie, lower key); residual 13.
    nodes = [
        GroupNode(0, None, 23),
        GroupNode(1, 0, 20),
        GroupNode(2, 1, 10),
        GroupNode(3, 1, 10),
        GroupNode(4, 0, 3),
    ]
    assert suppressed_keys(nodes, 5) == {1, 2, 4}


def test_questionnaire_means_agreement_and_icc(db: Session) -> None:
    world = make_world(db, {"Sales": None, "Ops": None})
    for team, values in (("Sales", (3, 4, 5)), ("Ops", (1, 2, 3))):
        for v in values:
            add_person(db, world, team, subscales={"LEAD": v}, answers=uniform_answers("LEAD", v))
    db.commit()
    result = campaign_aggregates(db, world.campaign)
    lead = _row(result.rows, "Sales").questionnaire.subscales[0]
    assert lead.code == "LEAD" and lead.score is not None
    assert (lead.score.n, lead.score.mean, lead.score.sd) == (3, pytest.approx(4), pytest.approx(1))
    # each item: variance 1 (n − 1), σ²_EU = (5² − 1)/12 = 2, ratio .5, J = 8 items:
    # rwg(j) = 8 · .5 / (8 · .5 + .5) = 8/9
    assert lead.rwg_j == pytest.approx(8 / 9)
    # ANOVA: MSB = 3·(1² + 1²)/1 = 6, MSW = (2 + 2)/4 = 1, k̄ = 3:
    # ICC(1) = (6 − 1)/(6 + 2·1) = 5/8, ICC(2) = 5/6 = reliability of a mean of 3 (balanced)
    reliability = {r.code: r for r in result.subscale_reliability}["LEAD"]
    assert reliability.icc1 == pytest.approx(5 / 8)
    assert reliability.icc2 == pytest.approx(5 / 6)
    assert lead.mean_reliability == pytest.approx(5 / 6)
    assert reliability.alpha == pytest.approx(1.0)  # every person answers all items alike
    conn = _row(result.rows, "Sales").questionnaire.subscales[1]
    assert conn.code == "CONN" and conn.suppressed  # nobody has a CONN score


def test_questionnaire_uses_its_own_minimum(db: Session) -> None:
    world = make_world(db, {"Sales": None}, min_iat=5, min_q=3)
    for v in (2, 3, 4):
        add_person(db, world, "Sales", d=0.2, subscales={"LEAD": v})
    db.commit()
    row = _row(campaign_aggregates(db, world.campaign).rows, "Sales")
    assert row.iat.suppressed
    assert not row.questionnaire.suppressed and row.questionnaire.respondents == 3
