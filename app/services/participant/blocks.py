"""Store one uploaded block: validated against the plan, all trials or none, idempotent.

This is the hot path of a campaign (every participant uploads seven blocks, often at the same
time), so it reads the session in one lean query, compares one SHA-256 of the sent trials with
the one stored for the block when the plan was made (the full plan is decoded only to name a
mismatch), and writes with driver-level statements inside a transaction that holds the write
lock from its start (SQLite writers wait in line instead of polling).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain import CampaignState, SessionState
from app.errors import Conflict, Gone, InvalidInput, NotFound
from app.repositories import sessions as session_repo
from app.repositories.sessions import BlockColumns, UploadTarget
from app.schemas.participant import BlockReceipt, BlockUploadCreate, TrialUpload
from app.security import payload_digest, token_hash


@dataclass(frozen=True)
class BlockKey:
    """What an upload of one block is checked against, condensed from the session's plan."""

    index: int
    role: str
    pairing: str | None
    stage: str | None
    digest: str  # trials_digest of the planned trials


def trials_digest(sequence: Iterable[tuple[int, str, str, str]]) -> str:
    """SHA-256 of (trial_index, stimulus_id, category, correct_side) per trial, in order."""
    text = json.dumps(list(sequence), separators=(",", ":"))  # JSON: no two sequences alike
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _sent_sequence(trials: Iterable[TrialUpload]) -> Iterator[tuple[int, str, str, str]]:
    return ((t.trial_index, t.stimulus_id, t.category, t.correct_side) for t in trials)


def plan_keys(plan: dict[str, Any]) -> list[BlockKey]:
    """One key per block of a plan document (stored with the plan by start_iat)."""
    return [
        BlockKey(
            index=block["index"],
            role=block["role"],
            pairing=block["pairing"],
            stage=block["stage"],
            digest=trials_digest(
                (t["index"], t["stimulus_id"], t["category"], t["correct_side"])
                for t in block["trials"]
            ),
        )
        for block in plan["blocks"]
    ]


def stored_keys(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """The ``block_keys`` column of a session with this plan."""
    return [asdict(key) for key in plan_keys(plan)]


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
    _check_timing(position, sent)


def _check_timing(position: int, sent: TrialUpload) -> None:
    if sent.latency_ms < sent.first_latency_ms:
        raise InvalidInput(f"trial {position}: latency_ms is shorter than first_latency_ms")
    if not sent.error and sent.latency_ms != sent.first_latency_ms:
        raise InvalidInput(
            f"trial {position}: a correct first response has latency_ms = first_latency_ms"
        )


def _check_block(block: dict[str, Any], body: BlockUploadCreate) -> None:
    planned = block["trials"]
    if len(body.trials) != len(planned):
        raise InvalidInput(
            f"block {block['index']} has {len(planned)} trials; {len(body.trials)} were sent"
        )
    for position, (sent, expected) in enumerate(zip(body.trials, planned, strict=True), 1):
        _check_trial(position, sent, expected)


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


def _keys(db: Session, target: UploadTarget) -> list[BlockKey]:
    """The session's block keys; sessions started before they existed derive them from the plan."""
    if target.block_keys is not None:
        return [BlockKey(**key) for key in target.block_keys]
    plan = session_repo.session_plan(db, target.session_id)
    if plan is None:
        raise Conflict("the timed test has not started yet")
    return plan_keys(plan)


def _check_against(
    db: Session, target: UploadTarget, key: BlockKey, body: BlockUploadCreate
) -> None:
    """Equal digests = every trial is the planned one; otherwise the plan names the mismatch."""
    if trials_digest(_sent_sequence(body.trials)) == key.digest:
        for position, sent in enumerate(body.trials, 1):
            _check_timing(position, sent)
        return
    plan = session_repo.session_plan(db, target.session_id)
    if plan is None:
        raise Conflict("the timed test has not started yet")
    _check_block(plan["blocks"][key.index - 1], body)


def _store(
    db: Session, target: UploadTarget, key: BlockKey, body: BlockUploadCreate, digest: str
) -> bool:
    block = BlockColumns(target.session_id, key.index, key.role, key.pairing, key.stage)
    with session_repo.write_transaction(db):
        try:
            stored = session_repo.store_block(db, block, digest, body.trials)
        except IntegrityError:
            return False
        if stored:
            db.commit()
        return stored


def record_block(db: Session, token: str, index: int, body: BlockUploadCreate) -> BlockReceipt:
    """Validate and store block ``index``; a retry of a stored block answers the same."""
    target = _target(db, token)
    digest = payload_digest(body)
    if 1 <= index <= target.blocks_done:
        return _existing_receipt(db, target, index, digest)
    keys = _keys(db, target)
    _check_sequence(target, index, len(keys))
    _check_against(db, target, keys[index - 1], body)
    if not _store(db, target, keys[index - 1], body, digest):
        return _concurrent_retry(db, token, index, digest)
    return BlockReceipt(block_index=index, trial_count=len(body.trials))
