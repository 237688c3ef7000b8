"""The demo loader is idempotent and mints fresh links; the old ones keep working."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.config import Mode, Settings
from app.db.models import Campaign, Invitation, Organisation, ParticipantIdentity, Team
from app.demo.organisation import DEMO_TEAMS, INVITEES_PER_TEAM, load_demo
from app.errors import Forbidden
from app.security import token_hash


def _count(db: Session, model: type) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_demo_is_idempotent_and_writes_demo_json(db: Session, settings: Settings) -> None:
    first = load_demo(db, settings)
    second = load_demo(db, settings)
    assert _count(db, Organisation) == 1
    assert _count(db, Team) == len(DEMO_TEAMS)
    assert _count(db, Campaign) == 1
    assert len(first.invitation_urls) == len(DEMO_TEAMS) * INVITEES_PER_TEAM
    assert set(first.invitation_urls).isdisjoint(second.invitation_urls)
    written = json.loads((settings.var_dir / "demo.json").read_text(encoding="utf-8"))
    assert written["invitation_urls"] == second.invitation_urls
    assert written["base_url"] == settings.base_url


def test_new_links_leave_old_ones_working_and_only_hashes_are_stored(
    db: Session, settings: Settings
) -> None:
    first = load_demo(db, settings)
    load_demo(db, settings)
    old_token = first.invitation_urls[0].rsplit("/", 1)[1]
    row = db.scalars(select(Invitation).where(Invitation.token_hash == token_hash(old_token))).one()
    assert row.revoked_at is None
    stored = db.scalars(select(Invitation.token_hash)).all()
    assert old_token not in stored
    assert all(len(h) == 64 for h in stored)


def test_unused_demo_invitees_have_demo_addresses(db: Session, settings: Settings) -> None:
    info = load_demo(db, settings)
    load_demo(db, settings)
    addresses = list(db.scalars(select(ParticipantIdentity.email)))
    assert len(addresses) == len(info.invitation_urls) == len(set(addresses))
    assert all(str(a).endswith("@demo.example") for a in addresses)


def test_demo_is_refused_in_production(db: Session, settings: Settings) -> None:
    production = settings.model_copy(update={"mode": Mode.PRODUCTION})
    with pytest.raises(Forbidden):
        load_demo(db, production)
