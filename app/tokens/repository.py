"""Queries on research API tokens and their rate-limit buckets."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import ApiToken
from app.db.revocation import revoke


def get_by_hash(db: Session, token_hash: str) -> ApiToken | None:
    return db.scalars(select(ApiToken).where(ApiToken.token_hash == token_hash)).one_or_none()


def add_token(db: Session, token: ApiToken) -> ApiToken:
    db.add(token)
    db.flush()
    return token


def list_tokens(db: Session, organisation_id: int) -> list[ApiToken]:
    query = select(ApiToken).where(ApiToken.organisation_id == organisation_id)
    return list(db.scalars(query.order_by(ApiToken.id.desc())))


def get_token(db: Session, organisation_id: int, token_id: int) -> ApiToken | None:
    query = select(ApiToken).where(
        ApiToken.organisation_id == organisation_id, ApiToken.id == token_id
    )
    return db.scalars(query).one_or_none()


def revoke_named(db: Session, organisation_id: int, name: str, now: datetime) -> None:
    """Revoke every live token of the organisation called ``name``."""
    where = (ApiToken.organisation_id == organisation_id, ApiToken.name == name)
    revoke(db, ApiToken, now, *where)
