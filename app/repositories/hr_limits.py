"""Fixed-window counters in the database (shared by every worker, DESIGN §8)."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from app.db.models import RateLimitBucket


def get_bucket(db: Session, bucket_key: str) -> RateLimitBucket | None:
    return db.get(RateLimitBucket, bucket_key)


def add_bucket(db: Session, bucket: RateLimitBucket) -> RateLimitBucket:
    db.add(bucket)
    db.flush()
    return bucket


def delete_bucket(db: Session, bucket_key: str) -> None:
    db.execute(delete(RateLimitBucket).where(RateLimitBucket.bucket_key == bucket_key))
