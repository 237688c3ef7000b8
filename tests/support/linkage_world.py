"""A closed campaign of 24 teams with hand-chosen figures, for the linkage tests. No tests here.

Team t (T00…T23, four people each) has mean LEAD 2.5 + 0.08 t; CONN and AUTO vary without
following LEAD; mean D rises with t but not in step with LEAD. ``Parent`` has no people of its own
and holds T00; ``Tiny`` (two people, below the minimum of 3) is filled only when asked for.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from tests.support.hr_world import World, add_person, make_world

TEAMS = [f"T{t:02d}" for t in range(24)]
OFFSETS = (-0.3, 0.1, 0.2, 0.0)


def lead(t: int) -> float:
    return 2.5 + 0.08 * t


def linkage_world(db: Session, state: str = "closed", tiny: bool = False) -> World:
    tree: dict[str, str | None] = {"Parent": None, "Tiny": None}
    tree |= {name: "Parent" if name == "T00" else None for name in TEAMS}
    world = make_world(db, tree, state=state)
    world.campaign.opens_at = datetime(2026, 1, 5, tzinfo=UTC)
    world.campaign.closes_at = datetime(2026, 2, 15, tzinfo=UTC)
    for t, name in enumerate(TEAMS):
        for k, offset in enumerate(OFFSETS):
            scores = {"LEAD": lead(t) + offset, "CONN": 3 + (t * 7 % 10) / 10 - offset}
            add_person(
                db,
                world,
                name,
                d=0.02 * t + offset / 2 + 0.1 * (k == 0) * (t % 3),
                subscales=scores | {"AUTO": 3.5 + (t * 3 % 10) / 10 + offset},
            )
    for d in (0.9, 0.8) if tiny else ():  # below the minimum of 3: withheld
        add_person(db, world, "Tiny", d=d, subscales={"LEAD": 5.0, "CONN": 5.0, "AUTO": 5.0})
    db.commit()
    return world


def nps(t: int) -> float:
    return 20 * lead(t) + (t % 5) * 3.0
