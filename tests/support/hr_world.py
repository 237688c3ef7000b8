"""Builders for HR aggregate and export tests: an organisation, a team tree, a campaign and
participants with the rows a finished session leaves (inserted directly, values chosen by hand).
No tests here."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import count
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from app.db.base import utc_now
from app.db.models import (
    Campaign,
    CampaignTeam,
    Organisation,
    Participant,
    ParticipantIdentity,
    ParticipantSession,
    QuestionnaireAnswer,
    Score,
    Team,
)
from app.domain import ScoreKind, SessionState
from app.instruments import repository as instruments
from iat.questionnaire import Questionnaire, load_builtin_questionnaire

_numbers = count(1)
BANK: Questionnaire = load_builtin_questionnaire()
D1_OPTIONS = {
    "variant": "D1",
    "slow_cut": "gt",
    "fast_exclusion": "apply",
    "sd_timing": "after",
    "latency": "to_correct",
}


@dataclass
class World:
    organisation: Organisation
    campaign: Campaign
    teams: dict[str, Team] = field(default_factory=dict)


def make_world(
    db: Session,
    tree: dict[str, str | None],
    *,
    min_iat: int = 3,
    min_q: int = 3,
    policy: str = "pseudonymous",
    org_name: str = "Org",
    campaign_teams: list[str] | None = None,
    state: str = "closed",
    open_link_counts: bool = False,
) -> World:
    """``tree`` maps team name → parent name (parents listed first). The campaign is closed by
    default: results are published only then."""
    organisation = Organisation(name=org_name)
    db.add(organisation)
    db.flush()
    teams: dict[str, Team] = {}
    for name, parent in tree.items():
        parent_id = teams[parent].id if parent else None
        teams[name] = Team(organisation_id=organisation.id, name=name, parent_id=parent_id)
        db.add(teams[name])
        db.flush()
    bank = instruments.get_or_add_questionnaire_bank(
        db, BANK.name, BANK.version, json.loads(BANK.canonical_json())
    )
    campaign = Campaign(
        organisation_id=organisation.id,
        name=f"Campaign of {org_name}",
        questionnaire_bank_id=bank.id,
        state=state,
        individual_results=policy,
        open_link_counts_toward_minimum=open_link_counts,
        min_group_size_iat=min_iat,
        min_group_size_questionnaire=min_q,
    )
    db.add(campaign)
    db.flush()
    for name in campaign_teams if campaign_teams is not None else list(tree):
        db.add(CampaignTeam(campaign_id=campaign.id, team_id=teams[name].id))
    db.flush()
    return World(organisation, campaign, teams)


def add_person(
    db: Session,
    world: World,
    team: str,
    *,
    state: str | None = SessionState.COMPLETED,
    d: float | None = None,
    excluded: bool = False,
    flags: dict[str, bool] | None = None,
    skipped: bool = False,
    subscales: dict[str, float] | None = None,
    answers: dict[str, int | None] | None = None,
    withdrawn: bool = False,
    identity: tuple[str, str] | None = None,
    via_open_link: bool = False,
) -> Participant:
    """One participant; a session (unless ``state`` is None) with the given D and answers."""
    number = next(_numbers)
    participant = Participant(
        campaign_id=world.campaign.id,
        team_id=world.teams[team].id,
        code=f"code-{number:05d}",
        export_pseudonym=f"PSEUDO{number:05d}",
        withdrawn_at=utc_now() if withdrawn else None,
        via_open_link=via_open_link,
    )
    db.add(participant)
    db.flush()
    if identity is not None:
        db.add(
            ParticipantIdentity(
                participant_id=participant.id, full_name=identity[0], email=identity[1]
            )
        )
    if state is not None:
        _session(db, participant, state, skipped, d, excluded, flags, subscales, answers)
    db.flush()
    return participant


def _session(
    db: Session,
    participant: Participant,
    state: str,
    skipped: bool,
    d: float | None,
    excluded: bool,
    flags: dict[str, bool] | None,
    subscales: dict[str, float] | None,
    answers: dict[str, int | None] | None,
) -> None:
    session = ParticipantSession(
        participant_id=participant.id,
        state=state,
        seed=participant.id,
        first_pairing="A",
        target_a_side="left",
        attribute_pos_side="left",
        iat_skipped=skipped,
        language="fr",
    )
    db.add(session)
    db.flush()
    if d is not None or excluded:
        db.add(_d_score(session.id, d, excluded, flags or {}))
    for name, value in (subscales or {}).items():
        db.add(_subscale(session.id, name, value))
    for item_id, value in (answers or {}).items():
        db.add(
            QuestionnaireAnswer(
                session_id=session.id,
                questionnaire_bank_id=_bank_id(db),
                item_id=item_id,
                value=value,
            )
        )


def _bank_id(db: Session) -> int:
    return instruments.get_or_add_questionnaire_bank(
        db, BANK.name, BANK.version, json.loads(BANK.canonical_json())
    ).id


def _d_score(session_id: int, d: float | None, excluded: bool, flags: dict[str, bool]) -> Score:
    details: dict[str, Any] = {
        "excluded": excluded,
        "error_rate": 0.05,
        "fast_rate": 0.0,
        "band": "",
        "se": 0.1,
        "flags": {"too_fast": excluded, "too_many_errors": False, **flags},
    }
    return Score(
        session_id=session_id,
        kind=ScoreKind.IAT_D,
        name="D1",
        value=None if excluded else d,
        algorithm="greenwald2003-D1",
        options=D1_OPTIONS,
        package_version="0.1.0",
        trials_kept=120,
        trials_dropped=0,
        details=details,
    )


def _subscale(session_id: int, name: str, value: float) -> Score:
    return Score(
        session_id=session_id,
        kind=ScoreKind.QUESTIONNAIRE_SUBSCALE,
        name=name,
        value=value,
        algorithm="mean-of-answered-items",
        options={},
        package_version="0.1.0",
    )


def uniform_answers(subscale: str, value: int) -> dict[str, int | None]:
    """Every item of ``subscale`` answered so that its recoded value is ``value``."""
    points = BANK.scale.points
    return {
        item.id: (points + 1 - value) if item.reverse else value
        for item in BANK.items
        if item.subscale == subscale
    }


def flatten_teams(db: Session) -> None:
    """Detach every team from its parent so the shared truncation can delete team trees
    (``teams.parent_id`` is ON DELETE RESTRICT)."""
    db.rollback()
    db.execute(update(Team).values(parent_id=None))
    db.commit()
