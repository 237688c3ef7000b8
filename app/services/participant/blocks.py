"""Store one uploaded block: validated against the plan, all trials or none, idempotent."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.models import BlockUpload
from app.domain import SessionState
from app.errors import Conflict, InvalidInput
from app.repositories import sessions as session_repo
from app.schemas.participant import BlockReceipt, BlockUploadCreate, TrialUpload
from app.services.participant.access import ParticipantContext, load_context, plan_document


def payload_hash(body: BlockUploadCreate) -> str:
    """SHA-256 of the block's canonical JSON: equal hashes = the same upload."""
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


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
    return [{**common, **trial.model_dump(mode="json")} for trial in body.trials]


def _existing_receipt(
    ctx: ParticipantContext, db: Session, index: int, digest: str
) -> BlockReceipt:
    stored = session_repo.get_block_upload(db, ctx.session.id, index)
    if stored is None:
        raise Conflict(f"block {index} was not stored; send block {ctx.session.blocks_done + 1}")
    if stored.payload_hash != digest:
        raise Conflict(f"block {index} is already stored with different data")
    return BlockReceipt(block_index=index, trial_count=stored.trial_count)


def _check_sequence(ctx: ParticipantContext, index: int, n_blocks: int) -> None:
    if SessionState(ctx.session.state) != SessionState.IN_PROGRESS:
        raise Conflict(f"blocks are not accepted: the session is {ctx.session.state}")
    if ctx.session.iat_skipped:
        raise Conflict("the timed test was skipped for this session")
    if not 1 <= index <= n_blocks:
        raise InvalidInput(f"block index must be between 1 and {n_blocks}")
    if index != ctx.session.blocks_done + 1:
        raise Conflict(f"blocks are sent in order: expected block {ctx.session.blocks_done + 1}")


def record_block(db: Session, token: str, index: int, body: BlockUploadCreate) -> BlockReceipt:
    """Validate and store block ``index``; a retry of a stored block answers the same."""
    ctx = load_context(db, token)
    blocks = plan_document(ctx)["blocks"]
    digest = payload_hash(body)
    if 1 <= index <= ctx.session.blocks_done:
        return _existing_receipt(ctx, db, index, digest)
    _check_sequence(ctx, index, len(blocks))
    block = blocks[index - 1]
    _check_block(block, body)
    receipt = BlockUpload(
        session_id=ctx.session.id,
        block_index=index,
        payload_hash=digest,
        trial_count=len(body.trials),
    )
    try:
        session_repo.add_block(db, receipt, _rows(ctx.session.id, block, body))
        ctx.session.blocks_done = index
        db.commit()
    except IntegrityError:
        db.rollback()  # a concurrent retry stored it first: answer as for any retry
        return _existing_receipt(load_context(db, token), db, index, digest)
    return BlockReceipt(block_index=index, trial_count=len(body.trials))
