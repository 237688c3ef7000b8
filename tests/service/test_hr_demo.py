"""The demo's HR admin and simulated teams: scored, completed, different per team, idempotent;
the simulated first wave is closed, so its results are published."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.accounts.sign_in import login
from app.aggregates.dashboard import campaign_dashboard
from app.config import Mode, Settings
from app.db.models import Campaign, Organisation, Participant, ParticipantSession, Score, Team
from app.demo import people as demo_people
from app.demo.organisation import DEMO_CAMPAIGN, DEMO_FIRST_WAVE, load_demo, load_first_wave
from app.domain import CampaignState, HRRole, ScoreKind, SessionState


def test_demo_hr_admin_gets_a_fresh_password_each_run(db: Session, settings: Settings) -> None:
    first = load_demo(db, settings)
    second = load_demo(db, settings)
    assert first.hr_email == second.hr_email == "rh@demo.example"
    assert first.hr_password != second.hr_password
    written = json.loads((settings.var_dir / "demo.json").read_text(encoding="utf-8"))
    assert written["hr_email"] == "rh@demo.example" and written["hr_password"] == second.hr_password
    assert login(db, second.hr_email, second.hr_password, "127.0.0.1").user.role == "hr_admin"


def test_simulated_teams_are_completed_scored_and_ordered_by_true_effect(
    db: Session, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Six per team: each session's plan has its own random seed, so the team means are
    # random; with 6 people the 150 ms team's mean D is ~3 SE above the 0 ms team's (with 3
    # it fell below about once in a hundred runs).
    monkeypatch.setattr(demo_people, "SIMULATED_PER_TEAM", 6)
    load_demo(db, settings)
    campaign_id = db.scalars(select(Participant.campaign_id)).first()
    teams = list(db.scalars(select(Team).order_by(Team.id)))
    assert demo_people.simulate_teams(db, settings, campaign_id, teams) == 18
    assert demo_people.simulate_teams(db, settings, campaign_id, teams) == 0  # idempotent
    query = (
        select(Participant.team_id, Score.value)
        .join(ParticipantSession, ParticipantSession.participant_id == Participant.id)
        .join(Score, Score.session_id == ParticipantSession.id)
        .where(Score.kind == ScoreKind.IAT_D, ParticipantSession.state == SessionState.COMPLETED)
    )
    by_team: dict[int, list[float]] = {}
    for team_id, value in db.execute(query):
        by_team.setdefault(team_id, []).append(value)
    means = [sum(by_team[t.id]) / len(by_team[t.id]) for t in teams]
    assert [len(by_team[t.id]) for t in teams] == [6, 6, 6]
    # true effects 150 ms > 0 ms: the first team's mean D is above the third's
    assert means[0] > means[2]


def test_first_wave_is_closed_and_published_beside_the_open_campaign(
    db: Session, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 3 teams × 4 simulated people: the whole campaign (12) reaches the IAT minimum of 10,
    # each team (4) does not. Results are published only once a campaign closes.
    monkeypatch.setattr(demo_people, "SIMULATED_PER_TEAM", 4)
    load_demo(db, settings)
    organisation = db.scalars(select(Organisation)).one()
    teams = list(db.scalars(select(Team).order_by(Team.id)))
    wave = load_first_wave(db, settings, organisation.id, teams)
    assert wave.name == DEMO_FIRST_WAVE and wave.state == CampaignState.CLOSED
    scope = HRScope(organisation.id, None, user_id=0, role=HRRole.HR_ADMIN)
    board = campaign_dashboard(db, scope, wave.id)
    whole = board.groups[0]
    assert board.published and whole.team_id is None
    assert whole.completion.completed == 12
    assert not whole.iat.suppressed and whole.iat.d is not None and whole.iat.d.n == 12
    assert all(g.iat.suppressed for g in board.groups[1:])  # 4 < 10
    assert load_first_wave(db, settings, organisation.id, teams).id == wave.id  # idempotent
    assert db.scalar(select(func.count()).select_from(Participant)) == 12 + 12  # + invitees
    running = db.scalars(select(Campaign).where(Campaign.name == DEMO_CAMPAIGN)).one()
    assert running.state == CampaignState.OPEN
    assert not campaign_dashboard(db, scope, running.id).published


def test_demo_mode_points_to_the_published_dashboard_of_the_first_wave(
    db: Session, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo_people, "SIMULATED_PER_TEAM", 1)
    demo = settings.model_copy(update={"mode": Mode.DEMO})
    info = load_demo(db, demo)
    wave = db.scalars(select(Campaign).where(Campaign.name == DEMO_FIRST_WAVE)).one()
    assert wave.state == CampaignState.CLOSED
    expected = f"{demo.base_url.rstrip('/')}/hr/campaigns/{wave.id}/dashboard"
    assert info.published_dashboard_url == expected
    written = json.loads((demo.var_dir / "demo.json").read_text(encoding="utf-8"))
    assert written["published_dashboard_url"] == expected
