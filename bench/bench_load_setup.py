"""Sessions ready to upload, for bench_load.py: a campaign on the default study with every
block lengthened to 40 trials, N consented and started participants, and their simulated
block payloads (iat's simulated respondent)."""

from __future__ import annotations

from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from app.campaigns import repository as campaign_repo
from app.config import Settings
from app.db.base import utc_now
from app.db.models import Campaign, Participant
from app.domain import CampaignState
from app.instruments import repository as instrument_repo
from app.organisations import repository as org_repo
from app.security import new_pseudonym, new_token, token_hash
from app.sessions.flow import give_consent, start_iat
from app.sessions.schemas import ConsentCreate, StartCreate
from app.sessions.simulated import simulated_block_uploads
from iat import SessionPlan, load_builtin_study, standard_block_plan, study_document


def _campaign(db: Session) -> tuple[Campaign, int]:
    organisation = org_repo.add_organisation(db, f"Bench {new_token()[:6]}")
    team = org_repo.add_team(db, organisation.id, "Bench team")
    study = load_builtin_study("default").model_copy(
        update={"block_plan": standard_block_plan(40, 40, 40, 40, 40, 40, 40)}
    )
    stored = instrument_repo.get_or_add_study(db, "bench-40", study.version, study_document(study))
    campaign = Campaign(
        organisation_id=organisation.id,
        name="bench",
        study_id=stored.id,
        state=CampaignState.OPEN,
        opens_at=utc_now(),
    )
    return campaign_repo.add_campaign(db, campaign, [team.id]), team.id


def _blocks(plan: SessionPlan, seed: int) -> list[dict[str, Any]]:
    uploads = simulated_block_uploads(plan, np.random.default_rng(seed))
    return [upload.model_dump(mode="json") for upload in uploads]


def prepare_sessions(
    db: Session, settings: Settings, n: int
) -> list[tuple[str, list[dict[str, Any]]]]:
    """``n`` (token, block payloads) pairs for sessions in progress."""
    campaign, team_id = _campaign(db)
    tokens = []
    for k in range(n):
        participant = campaign_repo.add_participant(
            db,
            Participant(
                campaign_id=campaign.id,
                team_id=team_id,
                code=f"b{k}",
                export_pseudonym=new_pseudonym(),
            ),
        )
        token = new_token()
        campaign_repo.add_invitation(db, participant.id, token_hash(token))
        tokens.append(token)
    db.commit()
    prepared = []
    for k, token in enumerate(tokens):
        give_consent(db, settings, token, ConsentCreate(language="fr", accept=True))
        plan = start_iat(db, settings, token, StartCreate(input_modality="keyboard"), None).plan
        prepared.append((token, _blocks(plan, k)))
    return prepared
