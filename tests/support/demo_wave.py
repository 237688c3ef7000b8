"""The demo with its closed first wave, for tests (no tests here)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.config import Settings
from app.db.models import Campaign, Organisation, Team
from app.demo import people as demo_people
from app.demo.organisation import load_demo, load_first_wave
from app.domain import HRRole


def demo_first_wave(
    db: Session, settings: Settings, monkeypatch: pytest.MonkeyPatch, per_team: int
) -> tuple[Campaign, HRScope]:
    """The demo loaded with ``per_team`` simulated people per team; its first wave and an HR
    admin's scope."""
    monkeypatch.setattr(demo_people, "SIMULATED_PER_TEAM", per_team)
    load_demo(db, settings)
    organisation = db.scalars(select(Organisation)).one()
    teams = list(db.scalars(select(Team).order_by(Team.id)))
    wave = load_first_wave(db, settings, organisation.id, teams)
    return wave, HRScope(organisation.id, None, user_id=0, role=HRRole.HR_ADMIN)
