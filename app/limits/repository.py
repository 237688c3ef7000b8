"""Fixed-window counters in the database (shared by every worker, DESIGN §8)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.db.models import RateLimitBucket


def hit(db: Session, bucket_key: str, now: datetime, window: timedelta) -> tuple[int, datetime]:
    """Count one hit in ``bucket_key``; return the hits of its window and when it started.

    One INSERT ... ON CONFLICT DO UPDATE ... RETURNING (SQLite and PostgreSQL alike): the
    database serialises concurrent hits on the row, so no two workers read the same count.
    A window that is over starts again at ``now``.
    """
    dialect = postgresql if db.get_bind().dialect.name == "postgresql" else sqlite
    expired = RateLimitBucket.window_started_at <= now - window
    statement = (
        dialect.insert(RateLimitBucket)
        .values(bucket_key=bucket_key, window_started_at=now, hits=1)
        .on_conflict_do_update(
            index_elements=[RateLimitBucket.bucket_key],
            set_={
                "hits": case((expired, 1), else_=RateLimitBucket.hits + 1),
                "window_started_at": case((expired, now), else_=RateLimitBucket.window_started_at),
            },
        )
        .returning(RateLimitBucket.hits, RateLimitBucket.window_started_at)
    )
    row = db.execute(statement).one()
    return int(row[0]), row[1]


def give_back(db: Session, bucket_key: str) -> None:
    """Take one hit back (a counted attempt turned out to be a success)."""
    db.execute(
        update(RateLimitBucket)
        .where(RateLimitBucket.bucket_key == bucket_key, RateLimitBucket.hits > 0)
        .values(hits=RateLimitBucket.hits - 1)
    )


def delete_bucket(db: Session, bucket_key: str) -> None:
    db.execute(delete(RateLimitBucket).where(RateLimitBucket.bucket_key == bucket_key))
