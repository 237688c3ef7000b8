"""Campaign figures by context question: hand-computed means, and small-group suppression
(primary and complementary) over the options of one question."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from app.aggregates.campaign import campaign_aggregates
from app.aggregates.context import context_breakdowns
from tests.support.hr_world import add_person, flatten_teams, make_world


@pytest.fixture(autouse=True)
def _team_trees(db: Session) -> Iterator[None]:
    yield
    flatten_teams(db)


def _role(position: int | None) -> dict[str, int | None]:
    """The answer to the role-family question (1 front line, 2 support, 3 management)."""
    return {} if position is None else {"context:role_family": position}


def _breakdown(db: Session, world: object, question: str = "role_family"):  # type: ignore[no-untyped-def]
    campaign = world.campaign  # type: ignore[attr-defined]
    found = context_breakdowns(db, campaign, campaign_aggregates(db, campaign))
    return next(b for b in found if b.question_id == question)


def test_means_by_role_family(db: Session) -> None:
    world = make_world(db, {"Sales": None, "Ops": None}, min_iat=3, min_q=3)
    people = [
        ("Sales", 1, 0.2),
        ("Ops", 1, 0.4),
        ("Sales", 1, 0.6),
        ("Ops", 2, -0.1),
        ("Sales", 2, 0.1),
        ("Ops", 2, 0.3),
        ("Sales", 2, 0.5),
    ]
    for team, role, d in people:
        add_person(
            db,
            world,
            team,
            d=d,
            subscales={"LEAD": 4.0, "CONN": 3.0, "AUTO": 2.0},
            answers=_role(role),
        )
    db.commit()
    rows = {r.code: r for r in _breakdown(db, world).rows}
    front, support = rows["front_line"], rows["support"]
    assert front.iat.d is not None and support.iat.d is not None
    assert (front.iat.d.n, front.iat.d.mean) == (3, pytest.approx((0.2 + 0.4 + 0.6) / 3))
    assert (support.iat.d.n, support.iat.d.mean) == (4, pytest.approx((-0.1 + 0.1 + 0.3 + 0.5) / 4))
    assert front.questionnaire.respondents == 3
    # nobody chose management and everyone answered: empty groups reveal no one
    assert rows["management"].iat.suppressed and rows["no_answer"].iat.suppressed


def test_small_option_is_withheld_and_so_is_its_complement(db: Session) -> None:
    """4 front line, 4 support, 2 management (< 3): management is withheld; the campaign total
    (10) minus the visible groups would then reveal those 2, so the smallest visible group is
    withheld too."""
    world = make_world(db, {"Sales": None}, min_iat=3, min_q=3)
    for role, n in ((1, 4), (2, 4), (3, 2)):
        for k in range(n):
            add_person(
                db,
                world,
                "Sales",
                d=0.1 * k,
                subscales={"LEAD": 3.0, "CONN": 3.0, "AUTO": 3.0},
                answers=_role(role),
            )
    db.commit()
    rows = {r.code: r for r in _breakdown(db, world).rows}
    assert rows["management"].iat.suppressed and rows["management"].questionnaire.suppressed
    hidden = [code for code in ("front_line", "support") if rows[code].iat.suppressed]
    assert len(hidden) == 1  # one more group withheld: now two groups hide 6 people
    assert rows["no_answer"].iat.suppressed  # 0 people: nothing to show


def test_managers_get_no_breakdown(db: Session) -> None:
    from app.accounts.scope import HRScope
    from app.aggregates.dashboard import campaign_dashboard
    from app.domain import HRRole

    world = make_world(db, {"Sales": None})
    for k in range(4):
        add_person(db, world, "Sales", d=0.1 * k, answers=_role(1))
    db.commit()
    team_id = world.teams["Sales"].id
    org = world.organisation.id
    manager = HRScope(
        user_id=1, role=HRRole.MANAGER, organisation_id=org, team_ids=frozenset({team_id})
    )
    admin = HRScope(user_id=2, role=HRRole.HR_ADMIN, organisation_id=org, team_ids=None)
    assert campaign_dashboard(db, manager, world.campaign.id).context_breakdowns == []
    assert len(campaign_dashboard(db, admin, world.campaign.id).context_breakdowns) == 3
