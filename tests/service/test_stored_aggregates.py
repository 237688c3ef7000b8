"""Stored aggregates: refreshed by every kind of change, equal to a fresh computation, and read
(never recomputed) by requests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.accounts import repository as hr_users
from app.accounts.scope import scope_for
from app.aggregates import stored
from app.aggregates.campaign import load_campaign_data
from app.aggregates.dashboard_build import build_dashboard
from app.aggregates.stored import audience_key, pending, refresh_after_commit, stored_dashboard
from app.campaigns.manage import change_state
from app.db.base import utc_now
from app.db.engine import build_sessionmaker
from app.db.models import (
    Campaign,
    CampaignAggregate,
    Participant,
    ParticipantSession,
    SessionHalves,
)
from app.domain import CampaignState, HRRole, SessionState
from app.participants.roster import erase_participant
from tests.support.hr import make_user
from tests.support.hr_world import World, add_person, flatten_teams, make_world

SCORES = {"LEAD": 3.0, "CONN": 4.0, "AUTO": 2.0}


@pytest.fixture(autouse=True)
def _team_trees(db: Session) -> Iterator[None]:
    yield
    flatten_teams(db)


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    """Sessions that refresh the stored aggregates after each commit, as the app's do."""
    made = build_sessionmaker(engine)
    refresh_after_commit(made)
    return made


def _world(db: Session, state: str = CampaignState.CLOSED) -> tuple[World, Participant]:
    """Sales ⊃ North, Ops; 4 finished in each of Sales and North, 3 in Ops, and one person of
    Ops in progress (with a score already, as a finish stores it)."""
    world = make_world(db, {"Sales": None, "North": "Sales", "Ops": None}, state=state)
    for i in range(4):
        add_person(db, world, "Sales", d=0.1 * i, subscales=SCORES)
        add_person(db, world, "North", d=0.3 + 0.1 * i, subscales=SCORES)
    for d in (-0.2, 0.0, 0.2):
        add_person(db, world, "Ops", d=d, subscales=SCORES)
    late = add_person(db, world, "Ops", state=SessionState.IN_PROGRESS, d=0.8)
    db.commit()
    return world, late


def _fresh(db: Session, campaign_id: int, team_ids: frozenset[int] | None = None) -> Any:
    campaign = db.get(Campaign, campaign_id, populate_existing=True)
    assert campaign is not None
    return build_dashboard(db, load_campaign_data(db, campaign), team_ids).model_dump(mode="json")


def _row(db: Session, campaign_id: int) -> CampaignAggregate:
    db.expire_all()
    row = db.get(CampaignAggregate, campaign_id)
    assert row is not None
    return row


def _ops_n(payload: Any) -> int | None:
    ops = next(g for g in payload["groups"] if g["name"] == "Ops")
    return ops["iat"]["d"]["n"] if ops["iat"]["d"] else None


def _primed(db: Session, world: World) -> CampaignAggregate:
    stored_dashboard(db, world.campaign, None)
    row = _row(db, world.campaign.id)
    assert not pending(db, world.campaign.id)
    return row


def _assert_current(db: Session, campaign_id: int) -> dict[str, Any]:
    """The change was folded in by the refresh after its commit: no read involved."""
    assert not pending(db, campaign_id)
    payloads = _row(db, campaign_id).payloads
    assert payloads[""] == _fresh(db, campaign_id)
    return payloads


def test_a_finish_refreshes_the_stored_row(db: Session, sessions: sessionmaker[Session]) -> None:
    world, late = _world(db)
    before = _primed(db, world)
    assert _ops_n(before.payloads[""]) == 3
    first = before.computed_at
    with sessions() as other:
        session = other.scalars(
            select(ParticipantSession).where(ParticipantSession.participant_id == late.id)
        ).one()
        session.state, session.completed_at = SessionState.COMPLETED, utc_now()
        other.commit()
    payloads = _assert_current(db, world.campaign.id)
    assert _ops_n(payloads[""]) == 4
    assert _row(db, world.campaign.id).computed_at != first
    assert db.get(SessionHalves, session.id) is not None  # its half Ds, computed once


def test_an_erasure_refreshes_the_stored_row(db: Session, sessions: sessionmaker[Session]) -> None:
    world, _ = _world(db)
    _primed(db, world)
    admin = make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    ops_person = db.scalars(
        select(Participant).where(Participant.team_id == world.teams["Ops"].id)
    ).first()
    assert ops_person is not None
    with sessions() as other:
        actor = other.merge(admin)
        erase_participant(other, actor, scope_for(other, actor), world.campaign.id, ops_person.id)
    payloads = _assert_current(db, world.campaign.id)
    assert _ops_n(payloads[""]) is None  # 2 people left in Ops: withheld


def test_a_move_to_another_team_refreshes_the_stored_row(
    db: Session, sessions: sessionmaker[Session]
) -> None:
    world, _ = _world(db)
    _primed(db, world)
    sales_person = db.scalars(
        select(Participant).where(Participant.team_id == world.teams["Sales"].id)
    ).first()
    assert sales_person is not None
    with sessions() as other:
        moved = other.get(Participant, sales_person.id)
        assert moved is not None
        moved.team_id = world.teams["Ops"].id
        other.commit()
    payloads = _assert_current(db, world.campaign.id)
    assert _ops_n(payloads[""]) == 4


def test_closing_publishes_through_the_stored_row(
    db: Session, sessions: sessionmaker[Session]
) -> None:
    world, _ = _world(db, state=CampaignState.OPEN)
    row = _primed(db, world)
    assert row.payloads[""]["published"] is False
    assert _ops_n(row.payloads[""]) is None
    admin = make_user(db, "hr@org.fr", HRRole.HR_ADMIN, world.organisation.id)
    with sessions() as other:
        actor = other.merge(admin)
        change_state(other, actor, scope_for(other, actor), world.campaign.id, CampaignState.CLOSED)
    payloads = _assert_current(db, world.campaign.id)
    assert payloads[""]["published"] is True
    assert _ops_n(payloads[""]) == 3


def test_every_manager_audience_is_stored_and_equals_a_fresh_computation(db: Session) -> None:
    world, _ = _world(db)
    manager = make_user(db, "boss@org.fr", HRRole.MANAGER, world.organisation.id)
    hr_users.set_manager_teams(db, manager.id, [world.teams["Sales"].id])
    db.commit()
    team_ids = scope_for(db, manager).team_ids
    board = stored_dashboard(db, world.campaign, team_ids)
    payloads = _row(db, world.campaign.id).payloads
    assert audience_key(team_ids) in payloads
    assert board.model_dump(mode="json") == _fresh(db, world.campaign.id, team_ids)
    assert {g.name for g in board.groups} == {"Sales", "North"}


def test_reads_never_recompute(db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    world, _ = _world(db)
    computed_at = _primed(db, world).computed_at

    def refuse(*_args: Any) -> None:
        raise AssertionError("a read recomputed the aggregates")

    monkeypatch.setattr(stored, "load_campaign_data", refuse)
    for _ in range(3):
        assert stored_dashboard(db, world.campaign, None).published
    assert _row(db, world.campaign.id).computed_at == computed_at


def test_two_finishes_at_once_are_both_folded_in(
    db: Session, sessions: sessionmaker[Session]
) -> None:
    world, late = _world(db)
    other_late = add_person(db, world, "Ops", state=SessionState.IN_PROGRESS, d=0.5)
    db.commit()
    _primed(db, world)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def finish(participant_id: int) -> None:
        try:
            with sessions() as own:
                session = own.scalars(
                    select(ParticipantSession).where(
                        ParticipantSession.participant_id == participant_id
                    )
                ).one()
                start.wait(timeout=30)  # then both write and commit at once
                session.state, session.completed_at = SessionState.COMPLETED, utc_now()
                own.commit()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=finish, args=(p.id,)) for p in (late, other_late)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    # Whichever refresh ran last, or the one that found the row locked and left it to the
    # holder: nothing is left out, and the stored figures are those of both finishes.
    payloads = _assert_current(db, world.campaign.id)
    assert _ops_n(payloads[""]) == 5
