"""Demo extension: an HR admin and 3 teams × 12 simulated, completed and scored participants.

The simulated people go through the real participant services (consent, plan, block uploads,
questionnaire pages, finish with the D score), answered by ``iat.simulate_responses`` with a
true effect that differs per team, so the dashboard shows realistic, scored data.
Idempotent: a participant already completed is left alone; the HR admin keeps the same
e-mail and gets a fresh random password at every run (printed and written to demo.json).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
from sqlalchemy.orm import Session

from app.accounts import repository as hr_users
from app.accounts.passwords import hash_password
from app.campaigns import repository as campaign_repo
from app.config import Settings
from app.db.models import HRUser, Participant, Team
from app.domain import HRRole, SessionState
from app.participants import repository as hr_participants
from app.questionnaire import answering as questionnaire
from app.questionnaire.schemas import ItemAnswer, PageSave
from app.security import new_pseudonym, new_token, token_hash
from app.sessions import blocks, finish, flow
from app.sessions.schemas import ConsentCreate, StartCreate
from app.sessions.simulated import simulated_block_uploads
from iat import RespondentProfile

DEMO_HR_EMAIL = "rh@demo.example"
SIMULATED_PER_TEAM = 12
# True IAT effects (ms, A faster than B) and a questionnaire tendency per team, in team order.
TEAM_PROFILES = ((150.0, 4), (70.0, 3), (0.0, 3))


@dataclass(frozen=True)
class DemoHR:
    email: str
    password: str


def ensure_hr_admin(db: Session, organisation_id: int) -> DemoHR:
    """The demo HR admin with a fresh random password (flushed, committed by the caller)."""
    password = new_token()[:20]
    password_hash = hash_password(password)
    user = hr_users.get_user_by_email(db, DEMO_HR_EMAIL)
    if user is None:
        user = HRUser(
            email=DEMO_HR_EMAIL,
            role=HRRole.HR_ADMIN,
            organisation_id=organisation_id,
            password_hash=password_hash,
        )
        hr_users.add_user(db, user)
    user.password_hash, user.active = password_hash, True
    db.flush()
    return DemoHR(DEMO_HR_EMAIL, password)


def simulate_teams(db: Session, settings: Settings, campaign_id: int, teams: list[Team]) -> int:
    """Complete the simulated participants still missing; return how many were added."""
    added = 0
    for team, (effect_ms, tendency) in zip(teams, TEAM_PROFILES, strict=False):
        for number in range(1, SIMULATED_PER_TEAM + 1):
            code = f"sim-{team.id}-{number:02d}"
            if _completed(db, campaign_id, code):
                continue
            token = _fresh_participant(db, campaign_id, team.id, code)
            _run(db, settings, token, zlib.crc32(code.encode()), effect_ms, tendency)
            added += 1
    return added


def _completed(db: Session, campaign_id: int, code: str) -> bool:
    participant = campaign_repo.get_participant_by_code(db, campaign_id, code)
    session = hr_participants.get_session(db, participant.id) if participant else None
    return session is not None and session.state == SessionState.COMPLETED


def _fresh_participant(db: Session, campaign_id: int, team_id: int, code: str) -> str:
    participant = campaign_repo.get_participant_by_code(db, campaign_id, code)
    if participant is None:
        participant = campaign_repo.add_participant(
            db,
            Participant(
                campaign_id=campaign_id,
                team_id=team_id,
                code=code,
                export_pseudonym=new_pseudonym(),
            ),
        )
    token = new_token()
    campaign_repo.add_invitation(db, participant.id, token_hash(token))
    db.commit()
    return token


def _run(
    db: Session, settings: Settings, token: str, seed: int, effect_ms: float, tendency: int
) -> None:
    rng = np.random.default_rng(seed)
    flow.give_consent(db, settings, token, ConsentCreate(language="fr", accept=True))
    plan = flow.start_iat(db, settings, token, StartCreate(input_modality="keyboard"), None).plan
    person_effect = effect_ms + rng.normal(0.0, 60.0)
    for index, payload in enumerate(
        simulated_block_uploads(plan, rng, RespondentProfile(effect_ms=person_effect)), start=1
    ):
        blocks.record_block(db, token, index, payload)
    _answer(db, token, rng, tendency)
    finish.finish_session(db, token)


def _answer(db: Session, token: str, rng: np.random.Generator, tendency: int) -> None:
    bank = questionnaire.get_questionnaire(db, token)
    points = bank.scale.points
    for page in bank.pages:
        answers = [
            ItemAnswer(
                item_id=item.id, value=int(np.clip(tendency + rng.integers(-1, 2), 1, points))
            )
            for item in page.items
        ]
        context = {
            q.id: str(rng.choice([o.code for o in q.options])) for q in page.context_questions
        }
        body = PageSave(answers=answers, context=context, duration_ms=30_000.0)
        questionnaire.save_page(db, token, page.index, body)
