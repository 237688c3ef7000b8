"""Login throttling: fixed windows counted in ``RateLimitBucket`` rows.

An attempt is counted *before* its password is checked, and the count is committed first:
60 concurrent guesses for one e-mail each get their own number from the database, so at most
``max_failures`` of them reach the password check (the others answer 429 and take nothing
back). A success gives its count back (or clears the account's counter).

- per account (the e-mail as typed, lower-cased): 5 attempts in 15 minutes from browsers the
  account has not signed in from;
- per client address: 100 (an office behind one NAT shares it, so the bound is far looser);
- per known device (the signed device cookie of a successful sign-in, bound to the account):
  5 in 15 minutes, counted apart, so other people's failures never block the account's owner
  on their own browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from app.errors import TooManyRequests
from app.i18n import N_
from app.limits import repository as hr_limits
from app.times import as_utc


@dataclass(frozen=True)
class Limit:
    prefix: str
    max_attempts: int
    window: timedelta


ACCOUNT_LIMIT = Limit("login-email:", 5, timedelta(minutes=15))
ADDRESS_LIMIT = Limit("login-ip:", 100, timedelta(minutes=15))
DEVICE_LIMIT = Limit("login-device:", 5, timedelta(minutes=15))


def count_attempt(db: Session, limit: Limit, subject: str, now: datetime) -> None:
    """Count one attempt on ``subject``; raise TooManyRequests (Retry-After) beyond the limit.

    The caller commits before checking the password; on 429 the session rolls back, so
    refused attempts do not lengthen or fill anything.
    """
    hits, started_at = hr_limits.hit(db, limit.prefix + subject, now, limit.window)
    if hits > limit.max_attempts:
        ends = as_utc(started_at) + limit.window
        retry_after_s = max(1, int((ends - now).total_seconds()) + 1)
        raise TooManyRequests(
            N_("too many failed sign-in attempts; try again later"), retry_after_s
        )


def give_back(db: Session, limit: Limit, subject: str) -> None:
    """A counted attempt succeeded: it is not a failure."""
    hr_limits.give_back(db, limit.prefix + subject)


def clear(db: Session, limit: Limit, subject: str) -> None:
    hr_limits.delete_bucket(db, limit.prefix + subject)
