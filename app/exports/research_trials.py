"""Trial-level data of a campaign: keyset pages with a signed cursor, or one streamed file.

A walk fixes its high-water mark (the campaign's highest trial id) when its first page is
served; every page then holds trials with ``after < id <= mark`` in id order. Trials committed
later (higher ids) belong to the next walk, so one walk returns every trial committed before it
started exactly once, however many sessions are written meanwhile. The cursor carries
(campaign, after, mark) and is signed with the secret key: a changed cursor is refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import Session

from app.campaigns.catalogue import audit_rows, rows_campaign
from app.config import Settings
from app.errors import InvalidInput
from app.exports import research_repository as research_repo
from app.exports.research_schemas import CodebookColumn, TrialPage, TrialRecord
from app.exports.trial_format import CODEBOOK, csv_lines, ndjson_lines, trial_record
from app.tokens.access import ResearchCaller

STREAM_BATCH = 5000
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


def trials_page(
    db: Session, settings: Settings, caller: ResearchCaller, campaign_id: int,
    cursor_text: str | None, limit: int,
) -> TrialPage:  # fmt: skip
    """One page of the walk ``cursor_text`` continues (or a new walk)."""
    rows_campaign(db, caller, campaign_id)
    if cursor_text:
        cursor = decode_cursor(settings, cursor_text, campaign_id)
    else:
        cursor = Cursor(campaign_id, 0, research_repo.max_trial_id(db, campaign_id))
    rows = research_repo.trials_page(db, campaign_id, cursor.after_id, cursor.mark, limit)
    items = [trial_record(trial, subject) for trial, subject in rows]
    audit_rows(db, caller, "research.trials.read", campaign_id, len(items))
    db.commit()
    next_cursor = None
    if len(rows) == limit:
        following = Cursor(campaign_id, rows[-1][0].id, cursor.mark)
        next_cursor = encode_cursor(settings, following)
    return TrialPage(items=items, next_cursor=next_cursor)


def _records(db: Session, campaign_id: int, mark: int) -> Iterator[TrialRecord]:
    after = 0
    while True:
        rows = research_repo.trials_page(db, campaign_id, after, mark, STREAM_BATCH)
        yield from (trial_record(trial, subject) for trial, subject in rows)
        if len(rows) < STREAM_BATCH:
            return
        after = rows[-1][0].id
        db.expunge_all()


def stream_trials(
    db: Session, caller: ResearchCaller, campaign_id: int, file_format: str
) -> Iterator[str]:
    """Every trial stored now, as CSV (``csv``) or NDJSON (``ndjson``) text chunks; the rows are
    read in batches while the response is sent."""
    rows_campaign(db, caller, campaign_id)
    mark = research_repo.max_trial_id(db, campaign_id)
    audit_rows(db, caller, f"research.trials.download.{file_format}", campaign_id, None)
    db.commit()
    records = _records(db, campaign_id, mark)
    return csv_lines(records) if file_format == "csv" else ndjson_lines(records)
