"""Rescoring over the API equals ``scoring`` called directly; questionnaire rows and scores."""

from __future__ import annotations

import math

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.db.models import Participant, ParticipantSession, Score, Trial
from app.domain import ScoreKind
from app.sessions.score_details import DScoreDetails
from iat.questionnaire import load_builtin_questionnaire
from scoring.dscore import compute_d
from scoring.options import DScoreOptions
from scoring.trials import TrialArrays
from tests.api.test_research_world import (
    World,
    build_world,
    close_campaign,
    finish_with_questionnaire,
    make_token,
    organisation_id,
    run_iat,
)
from tests.support.participants import auth


@pytest.fixture
def world(client: TestClient, db: Session, settings: Settings) -> World:
    w = build_world(db, settings)
    for seed, effect in ((1, 150.0), (2, 0.0), (3, -100.0)):
        run_iat(client, w.invitations[seed], seed=seed, effect_ms=effect)
    finish_with_questionnaire(client, w.invitations[1], value=4)
    close_campaign(db, w.campaign_a)  # pseudonymous rows are published when it closes
    return w


def _direct(db: Session, options: DScoreOptions) -> dict[str, float]:
    """compute_d on the stored critical trials of the sessions that count (completed, as on
    the dashboard), one participant at a time."""
    sessions = db.execute(
        select(ParticipantSession.id, Participant.export_pseudonym)
        .join(Participant, Participant.id == ParticipantSession.participant_id)
        .where(ParticipantSession.state == "completed")
    ).all()
    found = {}
    for session_id, subject in sessions:
        trials = db.scalars(
            select(Trial)
            .where(Trial.session_id == session_id, Trial.stage.is_not(None))
            .order_by(Trial.block_index, Trial.trial_index)
        ).all()
        if not trials:
            continue
        arrays = TrialArrays(
            participant=np.zeros(len(trials), dtype=np.intp), labels=np.array([subject]),
            is_a=np.array([t.pairing == "A" for t in trials]),
            is_test=np.array([t.stage == "test" for t in trials]),
            latency_ms=np.array([t.latency_ms for t in trials]),
            error=np.array([t.error for t in trials]),
            first_latency_ms=np.array([t.first_latency_ms for t in trials]),
        )  # fmt: skip
        found[subject] = float(compute_d(arrays, options, n_boot=0, n_splits=0).d[0])
    return found


@pytest.mark.parametrize(
    "params",
    [{}, {"variant": "D3", "latency": "first", "sd_timing": "before"}, {"variant": "D6"}],
)
def test_rescoring_equals_scoring_called_directly(
    client: TestClient, db: Session, world: World, params: dict[str, str]
) -> None:
    token = make_token(db, organisation_id(db, world.campaign_a))
    response = client.get(
        f"/api/v1/campaigns/{world.campaign_a}/scores", params=params, headers=auth(token)
    )
    assert response.status_code == 200, response.text
    body = response.json()
    options = DScoreOptions(**params)  # the default study has forced correction: D1 base
    assert body["provenance"]["options"] == options.to_dict()
    # Seeds 2 and 3 finished the timed test but not the questionnaire: their sessions do not
    # count, on the dashboard as here (one definition, issue 14).
    assert body["provenance"]["n_participants"] == 1
    expected = _direct(db, options)
    got = {row["subject"]: row["d"] for row in body["items"]}
    assert got.keys() == expected.keys()
    for subject, d in expected.items():
        assert got[subject] == pytest.approx(d, rel=1e-12, abs=1e-12)


def test_invalid_option_is_422(client: TestClient, db: Session, world: World) -> None:
    token = make_token(db, organisation_id(db, world.campaign_a))
    url = f"/api/v1/campaigns/{world.campaign_a}/scores"
    assert client.get(url, params={"variant": "D9"}, headers=auth(token)).status_code == 422


def test_questionnaire_rows_and_subscale_scores_are_pseudonymous(
    client: TestClient, db: Session, world: World
) -> None:
    token = make_token(db, organisation_id(db, world.campaign_a))
    base = f"/api/v1/campaigns/{world.campaign_a}/questionnaire"
    answers = client.get(f"{base}/answers", headers=auth(token)).json()["items"]
    bank = load_builtin_questionnaire("default")
    items = [a for a in answers if not a["item_id"].startswith("context:")]
    assert {a["item_id"] for a in items} == set(bank.item_ids)
    assert {a["value"] for a in items} == {4}
    assert len(answers) - len(items) == len(bank.context_questions)
    subject = db.scalars(
        select(Participant.export_pseudonym)
        .join(ParticipantSession, ParticipantSession.participant_id == Participant.id)
        .where(ParticipantSession.state == "completed")
    ).one()
    codes = set(db.scalars(select(Participant.code)))
    assert {a["subject"] for a in answers} == {subject} and not codes & {subject}
    scores = client.get(f"{base}/scores", headers=auth(token)).json()
    assert scores["questionnaire_version"] == bank.version
    by_name = {s["subscale"]: s["score"] for s in scores["items"]}
    for name in by_name:
        keyed = [
            rev for rev, sub in zip(bank.reverse_keyed, bank.subscale_of_item, strict=True)
            if sub == name
        ]  # fmt: skip
        # every answer is 4; a reverse-keyed 4 on 1..5 counts (1 + 5) - 4 = 2
        expected = (4 * keyed.count(False) + 2 * keyed.count(True)) / len(keyed)
        assert math.isclose(by_name[name], expected)


def test_bootstrap_se_is_opt_in_in_batch_and_stored_with_each_session(
    client: TestClient, db: Session, world: World
) -> None:
    """Batch rescoring gives `se` only when asked (`n_boot`, default 0); the score stored when
    the session finished already carries its bootstrap SE (issue 16, item 6)."""
    token = make_token(db, organisation_id(db, world.campaign_a))
    url = f"/api/v1/campaigns/{world.campaign_a}/scores"
    plain = client.get(url, headers=auth(token)).json()
    assert plain["provenance"]["n_boot"] == 0
    assert [row["se"] for row in plain["items"]] == [None] * len(plain["items"])
    asked = client.get(url, params={"n_boot": 300, "seed": 5}, headers=auth(token)).json()
    assert asked["provenance"]["n_boot"] == 300
    for row in asked["items"]:
        assert row["d"] is not None and 0.0 < row["se"] < 1.0, row
    assert client.get(url, params={"n_boot": 300, "seed": 5}, headers=auth(token)).json() == asked
    stored = db.scalars(
        select(Score)
        .join(ParticipantSession, ParticipantSession.id == Score.session_id)
        .where(ParticipantSession.state == "completed", Score.kind == ScoreKind.IAT_D)
    ).all()
    assert stored
    for score in stored:
        se = DScoreDetails.stored(score.details).se
        assert se is not None and 0.0 < se < 1.0
