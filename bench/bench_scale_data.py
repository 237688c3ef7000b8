"""A closed PostgreSQL campaign of N finished participants for bench_scale.py, built by bulk
``COPY`` (not the HTTP flow): one organisation of 50 teams (10 departments of 4 sub-teams each),
an HR admin and a manager, and per participant a completed session with 200 trials (seven
blocks of 20/20/20/40/40/20/40, the four combined blocks scored), a D score, three subscale
scores and the questionnaire's answers (items and context questions).

Latencies are log-normal with a per-person effect; D values are drawn independently (their
consistency with the trials does not change the cost of anything measured).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from app.accounts import repository as hr_users
from app.accounts.passwords import hash_password
from app.db.models import Campaign, CampaignTeam, HRUser, Organisation, Team
from app.domain import CampaignState, HRRole
from app.instruments import repository as instruments
from app.questionnaire.answering import CONTEXT_PREFIX
from iat.questionnaire import load_builtin_questionnaire

PASSWORD = "bench-password-1234"
ADMIN, MANAGER = "admin@bench.example", "manager@bench.example"
BLOCKS = (  # (size, role, pairing, stage) of the seven blocks
    (20, "targets", None, None),
    (20, "attributes", None, None),
    (20, "combined", "A", "practice"),
    (40, "combined", "A", "test"),
    (40, "targets_reversed", None, None),
    (20, "combined", "B", "practice"),
    (40, "combined", "B", "test"),
)
D1_OPTIONS = {"variant": "D1"}
COLUMNS = {  # COPY order: participants, sessions, scores, answers, trials
    "participants": (
        "id", "campaign_id", "team_id", "code", "export_pseudonym", "via_open_link", "created_at"
    ),
    "participant_sessions": (
        "id", "participant_id", "state", "language", "seed", "first_pairing", "target_a_side",
        "attribute_pos_side", "n_blocks", "input_modality", "iat_skipped",
        "questionnaire_pages_done", "consented_at", "started_at", "completed_at", "updated_at",
        "created_at",
    ),
    "scores": (
        "id", "session_id", "kind", "name", "value", "algorithm", "options", "package_version",
        "trials_kept", "trials_dropped", "details", "created_at",
    ),
    "questionnaire_answers": (
        "id", "session_id", "questionnaire_bank_id", "item_id", "value", "page_index",
        "created_at",
    ),
    "trials": (
        "id", "session_id", "block_index", "block_role", "pairing", "stage", "trial_index",
        "stimulus_id", "category", "correct_side", "first_key", "first_latency_ms", "error",
        "latency_ms", "onset_method", "input_modality", "focus_lost", "created_at",
    ),
}  # fmt: skip
CHUNK = 500  # participants per COPY batch
NOW = datetime(2026, 12, 1, tzinfo=UTC).isoformat()


def _organisation(db: Session) -> tuple[Campaign, list[int], int]:
    organisation = Organisation(name="Bench scale")
    db.add(organisation)
    db.flush()
    team_ids = []
    for d in range(10):
        department = Team(organisation_id=organisation.id, name=f"Department {d:02d}")
        db.add(department)
        db.flush()
        team_ids.append(department.id)
        for s in range(4):
            sub = Team(
                organisation_id=organisation.id, name=f"Team {d:02d}-{s}", parent_id=department.id
            )
            db.add(sub)
            db.flush()
            team_ids.append(sub.id)
    bank = load_builtin_questionnaire()
    stored = instruments.get_or_add_questionnaire_bank(
        db, bank.name, bank.version, json.loads(bank.canonical_json())
    )
    campaign = Campaign(
        organisation_id=organisation.id,
        name="Bench scale",
        questionnaire_bank_id=stored.id,
        state=CampaignState.CLOSED,
        individual_results="pseudonymous",
        min_group_size_iat=5,
        min_group_size_questionnaire=5,
    )
    db.add(campaign)
    db.flush()
    db.add_all(CampaignTeam(campaign_id=campaign.id, team_id=t) for t in team_ids)
    for email, role in ((ADMIN, HRRole.HR_ADMIN), (MANAGER, HRRole.MANAGER)):
        user = HRUser(
            email=email,
            password_hash=hash_password(PASSWORD),
            role=role,
            organisation_id=organisation.id,
            active=True,
        )
        hr_users.add_user(db, user)
    db.flush()
    manager = db.query(HRUser).filter_by(email=MANAGER).one()
    hr_users.set_manager_teams(db, manager.id, [team_ids[0]])  # department 00 and below
    db.commit()
    return campaign, team_ids, stored.id


def _csv(rows: Iterator[tuple[Any, ...]]) -> bytes:
    out = io.StringIO()
    for row in rows:
        out.write("\t".join(r"\N" if v is None else str(v) for v in row))
        out.write("\n")
    return out.getvalue().encode()


def _copy(cursor: Any, table: str, data: bytes) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN") as copy:
        copy.write(data)


def _trial_rows(sessions: range, rng: np.random.Generator) -> Iterator[tuple[Any, ...]]:
    trial_id = sessions.start * 200
    for session_id in sessions:
        effect = rng.normal(80, 120)
        for block, (size, role, pairing, stage) in enumerate(BLOCKS, start=1):
            latency = np.exp(rng.normal(6.6, 0.3, size)) + (effect if pairing == "B" else 0)
            latency = np.maximum(latency, 150.0)
            errors = rng.random(size) < 0.07
            for k in range(size):
                first = float(round(latency[k], 3))
                total = first + (400.0 if errors[k] else 0.0)
                trial_id += 1
                yield (
                    trial_id, session_id, block, role, pairing, stage, k + 1, f"s{k % 8}",
                    "target", "left", "e", first, "t" if errors[k] else "f", total,
                    "simulated", "keyboard", "f", NOW,
                )  # fmt: skip


def _people(ids: range, team_ids: list[int], campaign_id: int) -> tuple[bytes, bytes]:
    participants = (
        (i, campaign_id, team_ids[i % len(team_ids)], f"c{i}", f"P{i:08d}", "f", NOW) for i in ids
    )
    session = ("completed", "fr", 1, "A", "left", "left", 7, "keyboard", "f", 0)
    sessions = ((i, i, *session, NOW, NOW, NOW, NOW, NOW) for i in ids)
    return _csv(participants), _csv(sessions)


def _scores(
    sessions: range, rng: np.random.Generator, bank_id: int, items: list[str]
) -> tuple[bytes, bytes]:
    details = json.dumps(
        {
            "excluded": False,
            "error_rate": 0.05,
            "fast_rate": 0.0,
            "band": "",
            "se": 0.1,
            "flags": {},
        }
    )
    scores, answers = [], []
    for s in sessions:
        base = s * 10
        scores.append(
            (
                base,
                s,
                "iat_d",
                "D1",
                round(rng.normal(0.3, 0.4), 4),
                "greenwald2003-D1",
                json.dumps(D1_OPTIONS),
                "0.1.0",
                120,
                0,
                details,
                NOW,
            )
        )
        for j, code in enumerate(("LEAD", "CONN", "AUTO"), start=1):
            scores.append(
                (
                    base + j,
                    s,
                    "questionnaire_subscale",
                    code,
                    round(rng.uniform(1, 5), 2),
                    "mean",
                    "{}",
                    "0.1.0",
                    None,
                    None,
                    "{}",
                    NOW,
                )
            )
        for j, item in enumerate(items):
            answers.append(
                (
                    s * 100 + j,
                    s,
                    bank_id,
                    item,
                    int(rng.integers(1, 4 if item.startswith(CONTEXT_PREFIX) else 6)),
                    0,
                    NOW,
                )
            )
    return _csv(iter(scores)), _csv(iter(answers))  # fmt: skip


def build(engine: Engine, n: int, seed: int = 0) -> int:
    """Build the campaign; returns its id."""
    with Session(engine) as db:
        campaign, team_ids, bank_id = _organisation(db)
        campaign_id = campaign.id
    bank = load_builtin_questionnaire()
    items = [i.id for i in bank.items] + [CONTEXT_PREFIX + c.id for c in bank.context_questions]
    rng = np.random.default_rng(seed)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for first in range(1, n + 1, CHUNK):
            ids = range(first, min(first + CHUNK, n + 1))
            people, sessions = _people(ids, team_ids, campaign_id)
            scores, answers = _scores(ids, rng, bank_id, items)
            trials = _csv(_trial_rows(ids, rng))
            for table, data in zip(
                COLUMNS, (people, sessions, scores, answers, trials), strict=True
            ):
                _copy(cursor, table, data)
            raw.commit()
        for table in COLUMNS:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        raw.commit()
    finally:
        raw.close()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    return campaign_id
