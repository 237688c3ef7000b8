"""Time HR exports of a campaign of N completed participants (default 10,000).

Run: ``.venv/bin/python bench/bench_export.py [--participants N] [--repeats R]
[--database-url URL]``.

Builds a fresh SQLite database (or uses ``--database-url``, e.g. an empty PostgreSQL database)
with the real migrations, inserts N completed sessions over 20 teams, each with a D score (with
details and provenance) and three subscale scores, then times ``export_campaign`` end to end
(queries, table, file bytes, audit row, commit) and prints the median of R runs per export.
Targets (issue 7): individual CSV < 2 s, individual XLSX < 10 s.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.db.engine import build_engine, build_sessionmaker
from app.db.migrate import upgrade
from app.db.models import (
    Campaign,
    CampaignTeam,
    Organisation,
    Participant,
    ParticipantSession,
    Score,
    Team,
)
from app.domain import HRRole, ScoreKind, SessionState
from app.exports.campaign_export import export_campaign
from app.exports.schemas import ExportFormat, ExportKind
from app.instruments.repository import get_or_add_questionnaire_bank
from iat.questionnaire import load_builtin_questionnaire

OPTIONS = {
    "variant": "D1",
    "slow_cut": "gt",
    "fast_exclusion": "apply",
    "sd_timing": "after",
    "latency": "to_correct",
}
TEAMS = 20


def _populate(db: Session, n: int) -> tuple[int, int]:
    rng = np.random.default_rng(7)
    organisation = Organisation(name="Bench export")
    db.add(organisation)
    db.flush()
    teams = [Team(organisation_id=organisation.id, name=f"Team {i:02d}") for i in range(TEAMS)]
    db.add_all(teams)
    db.flush()
    campaign = Campaign(
        organisation_id=organisation.id,
        name="bench",
        questionnaire_bank_id=_bank_id(db),
        state="open",
    )
    db.add(campaign)
    db.flush()
    db.execute(insert(CampaignTeam), [{"campaign_id": campaign.id, "team_id": t.id} for t in teams])
    db.execute(
        insert(Participant),
        [
            {
                "campaign_id": campaign.id,
                "team_id": teams[i % TEAMS].id,
                "code": f"c{i}",
                "export_pseudonym": f"P{rng.integers(1 << 40):012X}{i}",
            }
            for i in range(n)
        ],
    )
    ids = db.scalars(select(Participant.id).where(Participant.campaign_id == campaign.id)).all()
    db.execute(
        insert(ParticipantSession),
        [
            {
                "participant_id": pid,
                "state": SessionState.COMPLETED,
                "seed": pid,
                "first_pairing": "A",
                "target_a_side": "left",
                "attribute_pos_side": "left",
                "language": "fr",
                "input_modality": "keyboard",
            }
            for pid in ids
        ],
    )
    sessions = db.scalars(select(ParticipantSession.id)).all()
    db.execute(insert(Score), [row for s in sessions for row in _scores(s, rng)])
    db.commit()
    return organisation.id, campaign.id


def _bank_id(db: Session) -> int:
    """Campaigns need an instrument: the default questionnaire bank."""
    bank = load_builtin_questionnaire()
    document = json.loads(bank.canonical_json())
    return get_or_add_questionnaire_bank(db, bank.name, bank.version, document).id


def _scores(session_id: int, rng: np.random.Generator) -> list[dict[str, object]]:
    d = float(rng.normal(0.3, 0.4))
    details = {
        "excluded": False,
        "error_rate": 0.06,
        "fast_rate": 0.0,
        "band": "slight",
        "se": 0.12,
        "d_practice": d,
        "d_test": d,
        "flags": {
            "too_fast": False,
            "too_many_errors": False,
            "missing_block": False,
            "too_few_trials": False,
        },
    }
    rows: list[dict[str, object]] = [
        {
            "session_id": session_id,
            "kind": ScoreKind.IAT_D,
            "name": "D1",
            "value": d,
            "algorithm": "greenwald2003-D1",
            "options": OPTIONS,
            "package_version": "0.1.0",
            "trials_kept": 118,
            "trials_dropped": 2,
            "details": details,
        }
    ]
    for code in ("LEAD", "CONN", "AUTO"):
        rows.append(
            {
                "session_id": session_id,
                "kind": ScoreKind.QUESTIONNAIRE_SUBSCALE,
                "name": code,
                "value": float(rng.integers(8, 41)) / 8,
                "algorithm": "mean",
                "options": {},
                "package_version": "0.1.0",
                "trials_kept": None,
                "trials_dropped": None,
                "details": {},
            }
        )
    return rows


def _time(
    db: Session, scope: HRScope, campaign_id: int, kind: ExportKind, fmt: ExportFormat, repeats: int
) -> tuple[float, int, int]:
    durations, file = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        file = export_campaign(db, scope, campaign_id, kind, fmt)
        durations.append(time.perf_counter() - start)
    assert file is not None
    return statistics.median(durations), file.row_count, len(file.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        upgrade(url)
        engine = build_engine(url)
        with build_sessionmaker(engine)() as db:
            organisation_id, campaign_id = _populate(db, args.participants)
            scope = HRScope(1, HRRole.HR_ADMIN, organisation_id, None)
            print(
                f"{args.participants} completed participants, {url.split(':')[0]}, "
                f"Python {platform.python_version()}, median of {args.repeats}"
            )
            print(f"{'export':<22}{'seconds':>10}{'rows':>8}{'bytes':>12}{'target':>9}")
            for kind, fmt, target in (
                (ExportKind.INDIVIDUAL, ExportFormat.CSV, "< 2 s"),
                (ExportKind.INDIVIDUAL, ExportFormat.XLSX, "< 10 s"),
                (ExportKind.TEAM, ExportFormat.CSV, ""),
                (ExportKind.TEAM, ExportFormat.XLSX, ""),
            ):
                seconds, rows, size = _time(db, scope, campaign_id, kind, fmt, args.repeats)
                name = f"{kind.value} {fmt.value}"
                print(f"{name:<22}{seconds:>10.3f}{rows:>8}{size:>12}{target:>9}")
        engine.dispose()


if __name__ == "__main__":
    main()
