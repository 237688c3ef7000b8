"""Queries on research API tokens and their rate-limit buckets."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.models import ApiToken, RateLimitBucket
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


def _bump(db: Session, key: str, now: datetime, window: timedelta) -> tuple[int, datetime] | None:
    """Count one hit in an existing bucket, starting a new window when the old one is over.

    One UPDATE: concurrent workers never lose a hit."""
    expired = RateLimitBucket.window_started_at <= now - window
    statement = (
        update(RateLimitBucket)
        .where(RateLimitBucket.bucket_key == key)
        .values(
            hits=case((expired, 1), else_=RateLimitBucket.hits + 1),
            window_started_at=case((expired, now), else_=RateLimitBucket.window_started_at),
        )
        .returning(RateLimitBucket.hits, RateLimitBucket.window_started_at)
    )
    row = db.execute(statement).one_or_none()
    return None if row is None else (int(row[0]), row[1])


def hit(db: Session, key: str, now: datetime, window: timedelta) -> tuple[int, datetime]:
    """Count one hit in bucket ``key``; return the hits in the window and when it started."""
    counted = _bump(db, key, now, window)
    if counted is not None:
        return counted
    try:
        with db.begin_nested():
            new = {"bucket_key": key, "window_started_at": now, "hits": 1}
            db.execute(insert(RateLimitBucket).values(**new))
        return 1, now
    except IntegrityError:  # another worker created the bucket first
        counted = _bump(db, key, now, window)
        return counted if counted is not None else (1, now)
