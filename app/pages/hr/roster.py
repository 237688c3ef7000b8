"""The roster section of the campaign page: one page of people, its filters and its links."""

from __future__ import annotations

from urllib.parse import urlencode

from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.participants import roster as participants
from app.participants.schemas import RosterQuery

PAGE_SIZE = 50


def roster_context(
    db: Session, scope: HRScope, campaign_id: int, query: RosterQuery
) -> dict[str, object]:
    """``roster`` (a page of at most ``PAGE_SIZE`` people), the filters it was asked with,
    and the links to the previous and next pages (None at either end)."""
    query = query.model_copy(update={"limit": PAGE_SIZE})
    page = participants.list_participants(db, scope, campaign_id, query)
    before = query.offset - PAGE_SIZE if query.offset > 0 else None
    after = query.offset + PAGE_SIZE if query.offset + PAGE_SIZE < page.total else None
    return {
        "roster": page,
        "roster_query": query,
        "roster_previous": _link(campaign_id, query, max(before, 0))
        if before is not None
        else None,
        "roster_next": _link(campaign_id, query, after) if after is not None else None,
    }


def _link(campaign_id: int, query: RosterQuery, offset: int) -> str:
    """The campaign page's address for the same filters at ``offset``."""
    fields = query.model_dump(include={"q", "team_id", "finished", "emailed"}, exclude_none=True)
    params = {k: str(v).lower() if isinstance(v, bool) else v for k, v in fields.items()}
    params["offset"] = offset
    return f"/hr/campaigns/{campaign_id}?{urlencode(params)}#roster-h"
