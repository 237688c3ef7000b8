"""Stored aggregates: every audience's dashboard, computed when the data change, read per request.

What is stored (``CampaignAggregate.payloads``): per audience, the whole ``DashboardRead`` as
JSON — rows, reliability, D distribution, context breakdowns, already suppressed. Per-audience
results rather than raw per-team statistics, because what a manager sees is not a cut of what
HR sees: rows are suppressed on the whole campaign (the same table for everyone), but the
sample-level figures (split-half, subscale reliability, the D histogram) come only from the
people behind the rows the manager sees, which needs the per-person values. The audiences are
the whole organisation (``""``) and each manager's set of teams that reaches the campaign;
a set not stored yet (a manager given new teams) is computed once at its first read and added.
Each person's odd/even half D is computed once, from their trials, and stored
(``session_halves``): a refresh reads one row per person and the trials only of the sessions
finished since, and every audience's split-half is a correlation of those halves.

When (``app.db.aggregate_changes``): every flush that changes a campaign's data inserts an
``AggregateChange`` row in the same transaction; after the commit, the app refreshes that
campaign. A refresh locks the campaign's stored row (PostgreSQL: ``FOR UPDATE SKIP LOCKED``
after a change, so a finish never waits for another's refresh; the holder looks again after
its commit and folds in what arrived meanwhile; SQLite: its single write lock), reads which
changes are committed, computes, stores, and deletes exactly those change rows. A read that
finds the row missing or a change not folded in (a refresh that failed, data from before this
table) refreshes first, under the same lock.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import delete, event, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.accounts.scope import scope_for
from app.aggregates import repository as repo
from app.aggregates.campaign import CampaignData, load_campaign_data, visible_indexes
from app.aggregates.dashboard_build import (
    PUBLICATION_RULE,
    SUPPRESSION_RULE,
    USAGE_WARNING,
    build_dashboard,
)
from app.aggregates.schemas import DashboardRead
from app.db.aggregate_changes import TOUCHED
from app.db.base import utc_now
from app.db.models import AggregateChange, Campaign, CampaignAggregate, HRUser
from app.domain import HRRole
from app.i18n import localized

log = logging.getLogger(__name__)
WHOLE = ""  # the audience that sees every team: HR admins, research tokens
MAX_ROUNDS = 3  # refreshes in a row when changes keep arriving; the next read does the rest


def audience_key(team_ids: frozenset[int] | None) -> str:
    """The key of an audience in ``payloads``: ``""`` or a manager's sorted team ids."""
    return WHOLE if team_ids is None else ",".join(str(t) for t in sorted(team_ids))


def stored_dashboard(
    db: Session, campaign: Campaign, team_ids: frozenset[int] | None
) -> DashboardRead:
    """The stored dashboard of one audience (no access check: callers do it)."""
    return stored_board(db, campaign, team_ids)[0]


def stored_board(
    db: Session, campaign: Campaign, team_ids: frozenset[int] | None
) -> tuple[DashboardRead, str]:
    """``stored_dashboard`` and a version that changes with every refresh and audience (what
    is drawn from it may be kept under that key)."""
    row = db.get(CampaignAggregate, campaign.id)
    if row is None or row.computed_at is None or pending(db, campaign.id):
        refresh(db, campaign.id, wait=True)
        row = db.get(CampaignAggregate, campaign.id, populate_existing=True)
    assert row is not None
    key = audience_key(team_ids)
    payload = row.payloads.get(key)
    if payload is None:
        payload = _add_audience(db, campaign.id, team_ids)
    texts = {  # the current catalogues' wording, not the one of the refresh
        "usage_warning": localized(USAGE_WARNING),
        "suppression_rule": localized(SUPPRESSION_RULE),
        "publication_rule": localized(PUBLICATION_RULE),
    }
    version = f"{campaign.id}|{row.computed_at}|{key}"
    return DashboardRead.model_validate({**payload, **texts}), version


def pending(db: Session, campaign_id: int) -> bool:
    """Whether a committed change is not folded into the stored row yet."""
    query = select(exists().where(AggregateChange.campaign_id == campaign_id))
    return bool(db.scalar(query))


def refresh(db: Session, campaign_id: int, *, wait: bool) -> bool:
    """Fold the committed changes of one campaign into its stored row; commits. False when
    another refresh holds the row (``wait=False``): it looks again after its own commit."""
    _ensure_row(db, campaign_id)
    for _ in range(MAX_ROUNDS):
        row = _lock(db, campaign_id, wait)
        if row is None:
            db.rollback()
            return False
        changes = list(db.scalars(select(AggregateChange.id).where(_of(campaign_id))))
        campaign = db.get(Campaign, campaign_id)
        if campaign is None or (row.computed_at is not None and not changes):
            db.rollback()
            return True
        data = load_campaign_data(db, campaign, repo.stored_halves(db, campaign_id))
        repo.add_halves(db, data.new_halves)
        row.payloads = _compute(db, data)
        row.computed_at = utc_now()
        db.execute(delete(AggregateChange).where(AggregateChange.id.in_(changes)))
        db.commit()
        if not pending(db, campaign_id):
            return True
    return True


def _of(campaign_id: int) -> Any:
    return AggregateChange.campaign_id == campaign_id


def _row(campaign_id: int) -> Any:
    return CampaignAggregate.campaign_id == campaign_id


def _ensure_row(db: Session, campaign_id: int) -> None:
    if db.get(CampaignAggregate, campaign_id) is not None:
        return
    try:
        db.add(CampaignAggregate(campaign_id=campaign_id, payloads={}))
        db.commit()
    except IntegrityError:  # created by a concurrent refresh
        db.rollback()


def _lock(db: Session, campaign_id: int, wait: bool) -> CampaignAggregate | None:
    """The stored row, locked for this transaction (None: another refresh holds it)."""
    if db.get_bind().dialect.name == "sqlite":
        # Any write takes SQLite's one write lock; later reads see every committed change.
        same = {"campaign_id": campaign_id}
        db.execute(update(CampaignAggregate).where(_row(campaign_id)).values(same))
    query = select(CampaignAggregate).where(_row(campaign_id))
    query = query.with_for_update(skip_locked=not wait).execution_options(populate_existing=True)
    return db.scalar(query)


def _compute(db: Session, data: CampaignData) -> dict[str, Any]:
    """Every audience's dashboard, from one load of the campaign's data."""
    audiences: list[frozenset[int] | None] = [None, *_manager_audiences(db, data)]
    return {
        audience_key(a): build_dashboard(db, data, a).model_dump(mode="json") for a in audiences
    }


def _manager_audiences(db: Session, data: CampaignData) -> list[frozenset[int]]:
    """The distinct team sets of the organisation's managers that see a row of the campaign."""
    query = select(HRUser).where(
        HRUser.organisation_id == data.campaign.organisation_id, HRUser.role == HRRole.MANAGER
    )
    found: set[frozenset[int]] = set()
    for user in db.scalars(query):
        team_ids = scope_for(db, user).team_ids
        if team_ids is not None and visible_indexes(data.groups, team_ids):
            found.add(team_ids)
    return sorted(found, key=sorted)


def _add_audience(db: Session, campaign_id: int, team_ids: frozenset[int] | None) -> Any:
    """Compute and store one audience missing from the stored row (under its lock)."""
    row = _lock(db, campaign_id, wait=True)
    campaign = db.get(Campaign, campaign_id)
    assert row is not None and campaign is not None
    key = audience_key(team_ids)
    if key not in row.payloads:
        data = load_campaign_data(db, campaign, repo.stored_halves(db, campaign_id))
        board = build_dashboard(db, data, team_ids)
        row.payloads = {**row.payloads, key: board.model_dump(mode="json")}
    payload = row.payloads[key]
    db.commit()
    return payload


def refresh_after_commit(sessions: sessionmaker[Session]) -> None:
    """Refresh, right after each commit of ``sessions``, the campaigns that commit changed."""

    def _after_commit(db: Session) -> None:
        touched = db.info.pop(TOUCHED, None)
        for campaign_id in sorted(touched or ()):
            with sessions() as fresh:
                try:
                    refresh(fresh, campaign_id, wait=False)
                except Exception:  # the change is committed; the next read refreshes
                    log.exception("refreshing the aggregates of campaign %s failed", campaign_id)

    event.listen(sessions, "after_commit", _after_commit)
