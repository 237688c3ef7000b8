"""Login throttling: fixed windows counted in ``RateLimitBucket`` rows.

Only failures count. Per e-mail: 5 failures in 15 minutes lock that address for the rest of
the window. Per client IP: 20 failures (offices share one address behind NAT, so the bound is
looser). A success clears the e-mail's counter, never the IP's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from app.db.models import RateLimitBucket
from app.errors import TooManyRequests
from app.repositories import hr_limits
from app.services.hr.times import as_utc


@dataclass(frozen=True)
class Limit:
    prefix: str
    max_failures: int
    window: timedelta


EMAIL_LIMIT = Limit("login-email:", 5, timedelta(minutes=15))
IP_LIMIT = Limit("login-ip:", 20, timedelta(minutes=15))


def _live_bucket(db: Session, key: str, limit: Limit, now: datetime) -> RateLimitBucket | None:
    bucket = hr_limits.get_bucket(db, key)
    if bucket is None or as_utc(bucket.window_started_at) + limit.window <= now:
        return None
    return bucket


def check(db: Session, limit: Limit, subject: str, now: datetime) -> None:
    """Raise TooManyRequests (with Retry-After) when ``subject`` used up its failures."""
    bucket = _live_bucket(db, limit.prefix + subject, limit, now)
    if bucket is not None and bucket.hits >= limit.max_failures:
        ends = as_utc(bucket.window_started_at) + limit.window
        retry_after_s = max(1, int((ends - now).total_seconds()) + 1)
        raise TooManyRequests("too many failed sign-in attempts; try again later", retry_after_s)


def record_failure(db: Session, limit: Limit, subject: str, now: datetime) -> None:
    key = limit.prefix + subject
    bucket = _live_bucket(db, key, limit, now)
    if bucket is not None:
        bucket.hits += 1
        return
    stale = hr_limits.get_bucket(db, key)
    if stale is not None:
        stale.window_started_at, stale.hits = now, 1
        return
    hr_limits.add_bucket(db, RateLimitBucket(bucket_key=key, window_started_at=now, hits=1))


def clear(db: Session, limit: Limit, subject: str) -> None:
    hr_limits.delete_bucket(db, limit.prefix + subject)
