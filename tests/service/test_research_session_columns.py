"""The research session list reads only what it lists: never the stored plans (≈ 46 kB each)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from app.exports import research_repository as research_repo
from app.scope import Scope
from tests.support.hr_world import add_person, flatten_teams, make_world


@pytest.fixture(autouse=True)
def _team_trees(db: Session) -> Iterator[None]:
    yield
    flatten_teams(db)


def test_listing_sessions_leaves_the_plans_unread(db: Session) -> None:
    world = make_world(db, {"Sales": None})
    for d in (0.1, 0.2):
        add_person(db, world, "Sales", d=d)
    db.commit()
    db.expunge_all()
    rows = research_repo.released_sessions(db, Scope(world.organisation.id, None), None)
    assert len(rows) == 2
    for session, _, _ in rows:
        assert {"plan", "block_keys"} <= inspect(session).unloaded
