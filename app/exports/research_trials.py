"""Trial-level data of a campaign: keyset pages with a signed cursor, or one streamed file.

A walk fixes its high-water mark (the campaign's highest trial id) when its first page is
served; every page then holds trials with ``after < id <= mark`` in id order. Trials committed
later (higher ids) belong to the next walk, so one walk returns every trial committed before it
started exactly once, however many sessions are written meanwhile. The cursor carries
(campaign, after, mark) and is signed with the secret key: a changed cursor is refused.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import Select
from sqlalchemy.orm import Session

from app.campaigns.catalogue import audit_rows, rows_campaign
from app.config import Settings
from app.db.models import Trial
from app.errors import InvalidInput
from app.exports import research_repository as research_repo
from app.exports import trial_stream
from app.exports.research_schemas import CodebookColumn
from app.exports.trial_format import CODEBOOK, COLUMNS
from app.tokens.access import ResearchCaller

_SALT = "research-trials-cursor"


@dataclass(frozen=True)
class Cursor:
    campaign_id: int
    after_id: int
    mark: int


def _serializer(settings: Settings) -> URLSafeSerializer:
    return URLSafeSerializer(settings.secret_key, salt=_SALT)


def encode_cursor(settings: Settings, cursor: Cursor) -> str:
    return str(_serializer(settings).dumps([cursor.campaign_id, cursor.after_id, cursor.mark]))


def decode_cursor(settings: Settings, text: str, campaign_id: int) -> Cursor:
    """The cursor in ``text``; InvalidInput if it was altered or belongs to another campaign."""
    try:
        cursor = Cursor(*(int(v) for v in _serializer(settings).loads(text)))
    except (BadSignature, TypeError, ValueError) as exc:
        raise InvalidInput("cursor: not a cursor this API issued (altered or truncated)") from exc
    if cursor.campaign_id != campaign_id:
        raise InvalidInput("cursor: it belongs to another campaign's walk")
    return cursor


def codebook() -> list[CodebookColumn]:
    return list(CODEBOOK)


def _page_rows(
    db: Session, campaign_id: int, cursor: Cursor, limit: int
) -> tuple[list[str], int | None]:
    """The JSON objects of one page and the id of its last trial (None when it is empty)."""
    postgres = trial_stream.is_postgres(db)
    cells = [Trial.id, *trial_stream.json_line(postgres)]
    query = research_repo.trials_page_query(campaign_id, cursor.after_id, cursor.mark, cells)
    rows = [row for batch in trial_stream.tuple_batches(db, query.limit(limit)) for row in batch]
    if postgres:
        items = [row[1] for row in rows]
    else:
        dumps = json.JSONEncoder(ensure_ascii=False).encode
        items = [dumps(dict(zip(COLUMNS, row[1:], strict=True))) for row in rows]
    return items, (rows[-1][0] if rows else None)


def trials_page(
    db: Session, settings: Settings, caller: ResearchCaller, campaign_id: int,
    cursor_text: str | None, limit: int,
) -> bytes:  # fmt: skip
    """One page of the walk ``cursor_text`` continues (or a new walk), as the JSON of a
    ``TrialPage``; the rows go from the database to the text without a model per row."""
    rows_campaign(db, caller, campaign_id)
    if cursor_text:
        cursor = decode_cursor(settings, cursor_text, campaign_id)
    else:
        cursor = Cursor(campaign_id, 0, research_repo.max_trial_id(db, campaign_id))
    items, last_id = _page_rows(db, campaign_id, cursor, limit)
    audit_rows(db, caller, "research.trials.read", campaign_id, len(items))
    db.commit()
    next_cursor = None
    if len(items) == limit and last_id is not None:
        next_cursor = encode_cursor(settings, Cursor(campaign_id, last_id, cursor.mark))
    return f'{{"items":[{",".join(items)}],"next_cursor":{json.dumps(next_cursor)}}}'.encode()


def stream_trials(
    db: Session, caller: ResearchCaller, campaign_id: int, file_format: str
) -> Iterator[bytes]:
    """Every trial stored now, as CSV (``csv``) or NDJSON (``ndjson``) chunks, by trial id;
    the database writes the rows while the response is sent (``trial_stream``)."""
    rows_campaign(db, caller, campaign_id)
    mark = research_repo.max_trial_id(db, campaign_id)
    audit_rows(db, caller, f"research.trials.download.{file_format}", campaign_id, None)
    db.commit()

    def query_of(cells: list[Any]) -> Select[Any]:
        return research_repo.trials_page_query(campaign_id, 0, mark, cells)

    return trial_stream.stream(db, query_of, file_format)
