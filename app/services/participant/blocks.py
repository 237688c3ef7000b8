"""Store one uploaded block: validated against the plan, all trials or none, idempotent.

This is the hot path of a campaign (every participant uploads seven blocks, often at the same
time), so it reads the session in one lean query, writes with Core statements, and hashes the
validated payload with pydantic's serializer.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain import CampaignState, SessionState
from app.errors import Conflict, Gone, InvalidInput, NotFound
from app.repositories import sessions as session_repo
from app.repositories.sessions import UploadTarget
from app.schemas.participant import BlockReceipt, BlockUploadCreate, TrialUpload
from app.security import token_hash


def payload_hash(body: BlockUploadCreate) -> str:
    """SHA-256 of the validated block as JSON (fixed field order): equal hashes = same upload."""
    return hashlib.sha256(body.model_dump_json().encode("utf-8")).hexdigest()


def _check_trial(position: int, sent: TrialUpload, planned: dict[str, Any]) -> None:
    where = f"trial {position}"
    if sent.trial_index != planned["index"]:
        raise InvalidInput(f"{where}: trial_index {sent.trial_index}, expected {planned['index']}")
    for field in ("stimulus_id", "category", "correct_side"):
        if getattr(sent, field) != planned[field]:
            raise InvalidInput(
                f"{where}: {field} {getattr(sent, field)!r} does not match the plan "
                f"({planned[field]!r})"
            )
    if sent.latency_ms < sent.first_latency_ms:
        raise InvalidInput(f"{where}: latency_ms is shorter than first_latency_ms")
    if not sent.error and sent.latency_ms != sent.first_latency_ms:
        raise InvalidInput(f"{where}: a correct first response has latency_ms = first_latency_ms")


def _check_block(block: dict[str, Any], body: BlockUploadCreate) -> None:
    planned = block["trials"]
    if len(body.trials) != len(planned):
        raise InvalidInput(
            f"block {block['index']} has {len(planned)} trials; {len(body.trials)} were sent"
        )
    for position, (sent, expected) in enumerate(zip(body.trials, planned, strict=True), 1):
        _check_trial(position, sent, expected)


def _rows(session_id: int, block: dict[str, Any], body: BlockUploadCreate) -> list[dict[str, Any]]:
    common = {
        "session_id": session_id,
        "block_index": block["index"],
        "block_role": block["role"],
        "pairing": block["pairing"],
        "stage": block["stage"],
    }
    return [{**common, **trial} for trial in body.model_dump(mode="json")["trials"]]


def _target(db: Session, token: str) -> UploadTarget:
    target = session_repo.find_upload_target(db, token_hash(token))
    if target is None:
        raise NotFound("this link is not valid or its session has not started")
    if target.link_revoked:
        raise Gone("this link has been replaced by a newer one; use the latest link you received")
    if target.campaign_state in (CampaignState.CLOSED, CampaignState.ARCHIVED):
        raise Gone("this campaign is closed")
    return target


def _existing_receipt(db: Session, target: UploadTarget, index: int, digest: str) -> BlockReceipt:
    stored = session_repo.get_block_upload(db, target.session_id, index)
    if stored is None:
        raise Conflict(f"block {index} was not stored; send block {target.blocks_done + 1}")
    if stored.payload_hash != digest:
        raise Conflict(f"block {index} is already stored with different data")
    return BlockReceipt(block_index=index, trial_count=stored.trial_count)


def _check_sequence(target: UploadTarget, index: int, n_blocks: int) -> None:
    if SessionState(target.state) != SessionState.IN_PROGRESS:
        raise Conflict(f"blocks are not accepted: the session is {target.state}")
    if target.iat_skipped:
        raise Conflict("the timed test was skipped for this session")
    if not 1 <= index <= n_blocks:
        raise InvalidInput(f"block index must be between 1 and {n_blocks}")
    if index != target.blocks_done + 1:
        raise Conflict(f"blocks are sent in order: expected block {target.blocks_done + 1}")


def _concurrent_retry(db: Session, token: str, index: int, digest: str) -> BlockReceipt:
    """Another request stored this block first: answer as for any retry."""
    db.rollback()
    return _existing_receipt(db, _target(db, token), index, digest)


def record_block(db: Session, token: str, index: int, body: BlockUploadCreate) -> BlockReceipt:
    """Validate and store block ``index``; a retry of a stored block answers the same."""
    target = _target(db, token)
    digest = payload_hash(body)
    if 1 <= index <= target.blocks_done:
        return _existing_receipt(db, target, index, digest)
    if target.plan is None:
        raise Conflict("the timed test has not started yet")
    blocks = target.plan["blocks"]
    _check_sequence(target, index, len(blocks))
    block = blocks[index - 1]
    _check_block(block, body)
    try:
        stored = session_repo.store_block(
            db, target.session_id, index, digest, _rows(target.session_id, block, body)
        )
    except IntegrityError:
        return _concurrent_retry(db, token, index, digest)
    if not stored:
        return _concurrent_retry(db, token, index, digest)
    db.commit()
    return BlockReceipt(block_index=index, trial_count=len(body.trials))
