"""Authorise a research API request: token → organisation and scopes, with a rate limit.

The rate limit is a fixed one-minute window per token, counted in the database so every worker
shares it (DESIGN §8). Authorising is its own use case and commits (last use, hit count) before
the route runs, so a failing request still counts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from app.config import Settings
from app.db.base import utc_now
from app.db.models import ApiToken
from app.domain import ApiScope
from app.errors import Forbidden, TooManyRequests, Unauthorized
from app.limits import repository as rate_limits
from app.scope import Scope
from app.security import token_hash
from app.tokens import repository as token_repo

WINDOW = timedelta(minutes=1)


@dataclass(frozen=True, kw_only=True)
class ResearchCaller(Scope):
    """Who is calling: the token's id and scopes, and the ``Scope`` the queries take (its
    organisation, every team of it: ``team_ids`` None)."""

    organisation_id: int
    token_id: int
    scopes: frozenset[ApiScope]

    @property
    def actor_id(self) -> str:
        return f"token:{self.token_id}"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _valid_token(db: Session, raw_token: str, now: datetime) -> ApiToken:
    token = token_repo.get_by_hash(db, token_hash(raw_token))
    if token is None:
        raise Unauthorized("unknown API token")
    if token.revoked_at is not None:
        raise Unauthorized("this API token has been revoked")
    if token.expires_at is not None and _aware(token.expires_at) <= now:
        raise Unauthorized("this API token has expired")
    return token


def _count_hit(db: Session, token: ApiToken, limit: int, now: datetime) -> None:
    hits, started = rate_limits.hit(db, f"research-token:{token.id}", now, WINDOW)
    token.last_used_at = now
    db.commit()
    if hits > limit:
        wait_s = (_aware(started) + WINDOW - now).total_seconds()
        raise TooManyRequests(
            f"rate limit of {limit} requests per minute reached for this token",
            retry_after_s=max(1, math.ceil(wait_s)),
        )


def authorise(db: Session, settings: Settings, raw_token: str, scope: ApiScope) -> ResearchCaller:
    """The caller behind ``raw_token`` if it is live, within its rate and holds ``scope``.

    Raises Unauthorized (unknown, revoked, expired), TooManyRequests, Forbidden (scope)."""
    now = utc_now()
    token = _valid_token(db, raw_token, now)
    _count_hit(db, token, settings.research_rate_limit_per_minute, now)
    scopes = frozenset(ApiScope(s) for s in token.scopes if s in set(ApiScope))
    if scope not in scopes:
        raise Forbidden(f"this token lacks the scope {scope.value!r}")
    return ResearchCaller(organisation_id=token.organisation_id, token_id=token.id, scopes=scopes)
