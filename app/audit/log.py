"""Audit events written by HR use cases, and the audit log's reading of them: who (an
account's e-mail, a research token's name, ``system``), what in words, filters, pages, CSV."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.audit import log_repository as hr_audit
from app.audit import repository as audit
from app.audit.schemas import AuditEventRead, AuditPage, AuditQuery
from app.audit.sentences import PARTICIPANT, SYSTEM, describe
from app.db.models import HRUser
from app.domain import ActorKind
from app.i18n import catalogue_languages, gettext


def record_hr(
    db: Session,
    actor: HRUser,
    action: str,
    *,
    organisation_id: int | None,
    target: tuple[str, int] | None = None,
    row_count: int | None = None,
) -> None:
    """Add an event by ``actor`` (committed with the use case)."""
    audit.record(
        db,
        organisation_id=organisation_id,
        actor_kind=ActorKind.HR_USER,
        actor_id=str(actor.id),
        action=action,
        target_kind=target[0] if target else None,
        target_id=str(target[1]) if target else None,
        row_count=row_count,
    )


def list_events(db: Session, scope: HRScope, query: AuditQuery | None = None) -> AuditPage:
    """HR admins: their organisation's events; platform admins: account events only.
    Newest first, filtered and paged in the database, each with its actor's name and a
    sentence per language."""
    query = query or AuditQuery()
    return _page(db, scope, query, query.limit, query.offset)


def every_event(db: Session, scope: HRScope, query: AuditQuery) -> list[AuditEventRead]:
    """Every event ``query``'s filters select (its page ignored), newest first, in one read
    (a page-by-page walk would repeat or skip events written meanwhile)."""
    return _page(db, scope, query, None, 0).items


def _page(
    db: Session, scope: HRScope, query: AuditQuery, limit: int | None, offset: int
) -> AuditPage:
    where = _where(query)
    rows, total = hr_audit.list_events(db, scope.organisation_id, where, limit, offset)
    events = [_as_hr_sees(AuditEventRead.model_validate(row)) for row in rows]
    return AuditPage(items=_named(db, events), total=total)


def _where(query: AuditQuery) -> hr_audit.AuditWhere:
    family = query.action is not None and query.action.endswith(".")
    kind, _, ident = (query.actor or "").partition(":")
    return hr_audit.AuditWhere(
        action=None if family else query.action,
        action_prefix=query.action if family else None,
        actor_kind=kind or None,
        actor_id=ident or None,
        since=_midnight(query.since),
        before=_midnight(query.until, next_day=True),
    )


def _midnight(day: date | None, next_day: bool = False) -> datetime | None:
    """The start of ``day`` (UTC), or of the day after; None for no bound."""
    if day is None or (next_day and day == date.max):
        return None
    return datetime.combine(day + timedelta(days=1 if next_day else 0), time.min, UTC)


def _as_hr_sees(event: AuditEventRead) -> AuditEventRead:
    """A participant's own acts (withdrawing, downloading their data) are listed without
    saying whose or how much, so the log does not tell HR who withdrew."""
    if event.actor_kind != ActorKind.PARTICIPANT:
        return event
    hidden = {"actor_id": None, "target_kind": None, "target_id": None, "row_count": None}
    return event.model_copy(update=hidden)


def _named(db: Session, events: list[AuditEventRead]) -> list[AuditEventRead]:
    """The events with their actor's and target's names and their sentences."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for event in events:
        for kind, ident in (_actor_ref(event), _target_ref(event)):
            if kind is not None and ident is not None:
                wanted[kind].add(ident)
    found = {kind: hr_audit.names(db, kind, ids) for kind, ids in wanted.items()}
    return [_with_names(event, found) for event in events]


def _with_names(event: AuditEventRead, found: dict[str, dict[int, str]]) -> AuditEventRead:
    actor_kind, actor_ref = _actor_ref(event)
    target_kind, target_ref = _target_ref(event)
    actor = found.get(actor_kind or "", {}).get(actor_ref or 0)
    if event.actor_kind == ActorKind.SYSTEM:
        actor = SYSTEM
    target = found.get(target_kind or "", {}).get(target_ref or 0)
    summary = {
        lang: describe(event.action, target, event.target_id, event.row_count, lang)
        for lang in catalogue_languages()
    }
    return event.model_copy(update={"actor_name": actor, "target_name": target, "summary": summary})


def _number(text: str | None) -> int | None:
    return int(text) if text is not None and text.isdigit() and len(text) <= 10 else None


def _actor_ref(event: AuditEventRead) -> tuple[str | None, int | None]:
    return _actor_of(event.actor_kind, event.actor_id)


def _actor_of(kind: str, ident: str | None) -> tuple[str | None, int | None]:
    """(name kind, id) of an HR user or a research token; (None, None) for anyone else."""
    if kind == ActorKind.HR_USER:
        return "user", _number(ident)
    if kind == ActorKind.API_TOKEN and ident:
        return "api_token", _number(ident.removeprefix("token:"))
    return None, None


def _target_ref(event: AuditEventRead) -> tuple[str | None, int | None]:
    return event.target_kind, _number(event.target_id)


def actor_label(event: AuditEventRead, lang: str) -> str:
    """Who, for people to read: a name, ``system``, or "a participant" in ``lang``."""
    if event.actor_kind == ActorKind.PARTICIPANT:
        return gettext(lang, PARTICIPANT)
    if event.actor_kind == ActorKind.SYSTEM:
        return gettext(lang, SYSTEM)
    return event.actor_name or f"{event.actor_kind} {event.actor_id or ''}".strip()


def actor_choices(db: Session, scope: HRScope) -> list[tuple[str, str]]:
    """(filter value, label) of the accounts and tokens that appear in the log, by label
    (participants are filtered only all together: never one of them)."""
    people = []
    for kind, ident in hr_audit.actors(db, scope.organisation_id):
        name_kind, ref = _actor_of(kind, ident)
        if name_kind is not None and ref is not None:
            people.append((name_kind, ref, f"{kind}:{ident}"))
    found = {
        k: hr_audit.names(db, k, {ref for kind, ref, _ in people if kind == k})
        for k in ("user", "api_token")
    }
    return sorted(((value, found[k].get(ref, value)) for k, ref, value in people), key=_label)


def _label(choice: tuple[str, str]) -> str:
    return choice[1].lower()
