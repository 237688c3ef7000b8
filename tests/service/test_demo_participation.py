"""The demo's closed first wave is spread over the two weeks before it closed, so that the
campaign page's participation chart shows people answering day after day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from app.aggregates.participation import campaign_participation
from app.config import Settings
from app.demo.timeline import WAVE_DAYS
from tests.support.demo_wave import demo_first_wave


def test_first_wave_participation_runs_over_days_to_its_closing(
    db: Session, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    wave, scope = demo_first_wave(db, settings, monkeypatch, per_team=4)
    whole = campaign_participation(db, scope, wave.id).groups[0]
    assert wave.closes_at is not None and wave.opens_at is not None
    assert wave.closes_at - wave.opens_at == timedelta(days=WAVE_DAYS)
    assert whole.days[-1].day == wave.closes_at.date()
    assert whole.days[-1].finished_total == whole.days[-1].invited_total == 12
    finishing_days = [d.day for d in whole.days if d.finished]
    assert len(finishing_days) >= 3  # not all on one day
    assert all(
        d.started_total is not None and d.started_total >= d.finished_total for d in whole.days
    )
