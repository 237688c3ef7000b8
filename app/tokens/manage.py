"""Research API tokens of an organisation, managed by its HR admins.

A token is shown once, at creation; only its SHA-256 is stored (DESIGN §7). It is bound to the
admin's organisation, scoped, expires, and records when it was last used.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from app.audit import repository as audit_repo
from app.db.base import utc_now
from app.db.models import ApiToken, HRUser
from app.domain import ActorKind, ApiScope
from app.errors import Forbidden, NotFound
from app.exports.research_schemas import TokenCreate, TokenCreated, TokenRead
from app.i18n import N_
from app.security import new_token, token_hash
from app.tokens import repository as token_repo

TOKEN_PREFIX = "iatr_"


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


def token_read(token: ApiToken, now: datetime | None = None) -> TokenRead:
    now = now or utc_now()
    expires_at = _aware(token.expires_at)
    live = token.revoked_at is None and (expires_at is None or expires_at > now)
    return TokenRead(
        id=token.id,
        name=token.name,
        scopes=[ApiScope(s) for s in token.scopes],
        created_at=token.created_at,
        expires_at=expires_at,
        last_used_at=_aware(token.last_used_at),
        revoked_at=_aware(token.revoked_at),
        active=live,
    )


def issue_token(
    db: Session,
    organisation_id: int,
    name: str,
    scopes: Iterable[ApiScope],
    expires_at: datetime | None,
    created_by_id: int | None = None,
) -> tuple[ApiToken, str]:
    """Add a token (not committed) and return it with its secret, which is never stored."""
    secret = TOKEN_PREFIX + new_token()
    token = ApiToken(
        organisation_id=organisation_id,
        created_by_id=created_by_id,
        name=name,
        token_hash=token_hash(secret),
        scopes=sorted({ApiScope(s).value for s in scopes}),
        expires_at=expires_at,
    )
    return token_repo.add_token(db, token), secret


def _organisation(admin: HRUser) -> int:
    if admin.organisation_id is None:
        raise Forbidden(N_("API tokens belong to an organisation; platform admins have none"))
    return admin.organisation_id


def _audit(db: Session, admin: HRUser, action: str, token: ApiToken) -> None:
    audit_repo.record(
        db,
        organisation_id=token.organisation_id,
        actor_kind=ActorKind.HR_USER,
        actor_id=str(admin.id),
        action=action,
        target_kind="api_token",
        target_id=str(token.id),
        detail={"name": token.name, "scopes": list(token.scopes)},
    )


def create_token(db: Session, admin: HRUser, body: TokenCreate) -> TokenCreated:
    """Create a token for the admin's organisation; the response is the only time the secret
    is shown."""
    now = utc_now()
    expires_at = now + timedelta(days=body.expires_in_days) if body.expires_in_days else None
    token, secret = issue_token(
        db, _organisation(admin), body.name, body.scopes, expires_at, admin.id
    )
    _audit(db, admin, "api_token.create", token)
    db.commit()
    return TokenCreated(**token_read(token, now).model_dump(), token=secret)


def list_tokens(db: Session, admin: HRUser) -> list[TokenRead]:
    now = utc_now()
    return [token_read(t, now) for t in token_repo.list_tokens(db, _organisation(admin))]


def revoke_token(db: Session, admin: HRUser, token_id: int) -> TokenRead:
    """Revoke a token of the admin's organisation (revoking twice answers the same)."""
    token = token_repo.get_token(db, _organisation(admin), token_id)
    if token is None:
        raise NotFound(N_("no API token {token_id} in your organisation"), token_id=token_id)
    if token.revoked_at is None:
        token.revoked_at = utc_now()
        _audit(db, admin, "api_token.revoke", token)
        db.commit()
    return token_read(token)
