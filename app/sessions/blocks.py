"""Store one uploaded block: validated against the plan, all trials or none, idempotent.

This is the hot path of a campaign (every participant uploads seven blocks, often at the same
time). What needs no database (the token's SHA-256, the body's digests, the latency checks)
is done before the write (prepare_upload). Uploads are then stored in batches
(record_blocks, fed by block_writer.BlockWriter): one transaction reads the sessions of the
whole batch in one lean query (locked), compares one SHA-256 of each block's sent trials
with the one stored for that block when the plan was made (the full plan is decoded only to
name a mismatch), and writes all accepted blocks (one statement on PostgreSQL, multi-row
INSERTs on SQLite) before one commit. On SQLite the transaction holds the write lock from
its start (writers wait in line instead of polling); on PostgreSQL it locks the batch's
session rows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain import CampaignState, SessionState
from app.errors import AppError, Conflict, Gone, InvalidInput, NotFound
from app.i18n import N_
from app.security import json_digest, token_hash
from app.sessions import repository as session_repo
from app.sessions.repository import BlockColumns, BlockRows, UploadTarget
from app.sessions.schemas import BlockReceipt, BlockUploadCreate, TrialUpload
from iat import PlannedBlock, PlannedTrial, SessionPlan


@dataclass(frozen=True)
class BlockKey:
    """What an upload of one block is checked against, condensed from the session's plan."""

    index: int
    role: str
    pairing: str | None
    stage: str | None
    digest: str  # trials_digest of the planned trials
    left_key: str | None = None  # the study's response keys (None in keys stored before them)
    right_key: str | None = None


_SEQUENCE = TypeAdapter(list[tuple[int, str, str, str]])


def trials_digest(sequence: Iterable[tuple[int, str, str, str]]) -> str:
    """SHA-256 of (trial_index, stimulus_id, category, correct_side) per trial, in order,
    as compact JSON (no two sequences alike) with non-ASCII characters escaped.

    Those are the bytes of ``json.dumps(items, separators=(",", ":"))``, which made the keys
    stored with existing sessions; pydantic writes the same bytes for printable ASCII and
    control characters five times faster (hot path), and json.dumps still writes any
    sequence with characters beyond (DEL and non-ASCII, which only json.dumps escapes).
    """
    items = list(sequence)
    text = _SEQUENCE.dump_json(items)
    if not text.isascii() or b"\x7f" in text:  # json.dumps escapes DEL too
        text = json.dumps(items, separators=(",", ":")).encode("ascii")
    return hashlib.sha256(text).hexdigest()


def _sent_sequence(trials: Iterable[TrialUpload]) -> Iterator[tuple[int, str, str, str]]:
    return ((t.trial_index, t.stimulus_id, t.category, t.correct_side) for t in trials)


def _planned(trial: PlannedTrial) -> tuple[int, str, str, str]:
    """What an upload repeats of a planned trial, in the order trials_digest reads it."""
    return (trial.index, trial.stimulus_id, trial.category.value, trial.correct_side.value)


def plan_keys(plan: SessionPlan) -> list[BlockKey]:
    """One key per block of a plan (stored with the plan by start_iat)."""
    return [
        BlockKey(
            index=block.index,
            role=block.role.value,
            pairing=None if block.pairing is None else block.pairing.value,
            stage=None if block.stage is None else block.stage.value,
            digest=trials_digest(_planned(t) for t in block.trials),
            left_key=plan.keys.left,
            right_key=plan.keys.right,
        )
        for block in plan.blocks
    ]


def stored_keys(plan: SessionPlan) -> list[dict[str, Any]]:
    """The ``block_keys`` column of a session with this plan."""
    return [asdict(key) for key in plan_keys(plan)]


def _check_trial(position: int, sent: TrialUpload, planned: PlannedTrial) -> None:
    where = f"trial {position}"
    if sent.trial_index != planned.index:
        raise InvalidInput(f"{where}: trial_index {sent.trial_index}, expected {planned.index}")
    expected = _planned(planned)
    for name, value in zip(("stimulus_id", "category", "correct_side"), expected[1:], strict=True):
        if getattr(sent, name) != value:
            raise InvalidInput(
                f"{where}: {name} {getattr(sent, name)!r} does not match the plan ({value!r})"
            )


def _check_timing(position: int, sent: TrialUpload) -> None:
    if sent.latency_ms < sent.first_latency_ms:
        raise InvalidInput(f"trial {position}: latency_ms is shorter than first_latency_ms")
    if not sent.error and sent.latency_ms != sent.first_latency_ms:
        raise InvalidInput(
            f"trial {position}: a correct first response has latency_ms = first_latency_ms"
        )


def _check_responses(key: BlockKey, body: BlockUploadCreate) -> None:
    """Each first response is one of the study's two keys, and ``error`` says whether it was
    the key of the correct side (a touch answers with its side's key). Anything else would be
    stored and exported as it came: a forged key could carry a spreadsheet formula."""
    keys = {"left": key.left_key, "right": key.right_key}
    for position, sent in enumerate(body.trials, 1):
        if sent.first_key not in keys.values():
            raise InvalidInput(
                f"trial {position}: first_key {sent.first_key!r} is not one of this test's "
                f"keys ({key.left_key!r}, {key.right_key!r})"
            )
        if sent.error != (sent.first_key != keys[sent.correct_side]):
            raise InvalidInput(
                f"trial {position}: error={str(sent.error).lower()} contradicts first_key "
                f"{sent.first_key!r} for the {sent.correct_side} side"
            )


def _check_block(block: PlannedBlock, body: BlockUploadCreate) -> None:
    planned = block.trials
    if len(body.trials) != len(planned):
        raise InvalidInput(
            f"block {block.index} has {len(planned)} trials; {len(body.trials)} were sent"
        )
    for position, (sent, expected) in enumerate(zip(body.trials, planned, strict=True), 1):
        _check_trial(position, sent, expected)


@dataclass(frozen=True)
class PreparedUpload:
    """A block upload checked for what needs no database, with its digests."""

    token_hash: str
    index: int
    body: BlockUploadCreate
    body_json: str  # body.model_dump_json(): digested, and how the trials travel to PostgreSQL
    payload_digest: str  # of the whole body: a retry of a stored block must match it
    trials_digest: str  # of the trial sequence: compared with the block's key


def prepare_upload(token: str, index: int, body: BlockUploadCreate) -> PreparedUpload:
    """Hash the token and the body and check each trial's two latencies (no database).

    Raises InvalidInput for latencies that contradict each other.
    """
    for position, sent in enumerate(body.trials, 1):
        _check_timing(position, sent)
    body_json = body.model_dump_json()
    return PreparedUpload(
        token_hash(token),
        index,
        body,
        body_json,
        json_digest(body_json),
        trials_digest(_sent_sequence(body.trials)),
    )


@dataclass
class _Batch:
    """What a batch has read and accepted so far: its later uploads see its earlier ones."""

    targets: dict[str, UploadTarget]
    blocks_done: dict[int, int] = field(default_factory=dict)  # session id -> in this batch
    accepted: dict[tuple[int, int], tuple[str, int]] = field(default_factory=dict)
    rows: list[BlockRows] = field(default_factory=list)

    def done(self, target: UploadTarget) -> int:
        return self.blocks_done.get(target.session_id, target.blocks_done)


def _target(batch: _Batch, upload: PreparedUpload) -> UploadTarget:
    target = batch.targets.get(upload.token_hash)
    if target is None:
        raise NotFound(N_("this link is not valid or its session has not started"))
    if target.link_revoked:
        raise Gone(N_("this link is no longer valid; if you received a newer one, use that"))
    if target.campaign_state in (CampaignState.CLOSED, CampaignState.ARCHIVED):
        raise Gone(N_("this campaign is closed"))
    return target


def _existing_receipt(
    db: Session, batch: _Batch, target: UploadTarget, upload: PreparedUpload
) -> BlockReceipt:
    index = upload.index
    stored = batch.accepted.get((target.session_id, index))
    if stored is None:
        receipt = session_repo.get_block_upload(db, target.session_id, index)
        if receipt is None:
            raise Conflict(f"block {index} was not stored; send block {batch.done(target) + 1}")
        stored = (receipt.payload_hash, receipt.trial_count)
    if stored[0] != upload.payload_digest:
        raise Conflict(f"block {index} is already stored with different data")
    return BlockReceipt(block_index=index, trial_count=stored[1])


def _check_sequence(target: UploadTarget, done: int, index: int, n_blocks: int) -> None:
    if SessionState(target.state) != SessionState.IN_PROGRESS:
        raise Conflict(N_("blocks are not accepted: the session is {state}"), state=target.state)
    if target.iat_skipped:
        raise Conflict(N_("the timed test was skipped for this session"))
    if not 1 <= index <= n_blocks:
        raise InvalidInput(f"block index must be between 1 and {n_blocks}")
    if index != done + 1:
        raise Conflict(f"blocks are sent in order: expected block {done + 1}")


def _keys(db: Session, target: UploadTarget) -> list[BlockKey]:
    """The session's block keys; sessions started before they (or their response keys)
    were stored derive them from the plan."""
    if target.block_keys is not None:
        keys = [BlockKey(**key) for key in target.block_keys]
        if keys and keys[0].left_key is not None:
            return keys
    plan = session_repo.session_plan(db, target.session_id)
    if plan is None:
        raise Conflict(N_("the timed test has not started yet"))
    return plan_keys(plan)


def _check_against(
    db: Session, target: UploadTarget, key: BlockKey, upload: PreparedUpload
) -> None:
    """Equal digests = every trial is the planned one; otherwise the plan names the mismatch."""
    if upload.trials_digest == key.digest:
        return
    plan = session_repo.session_plan(db, target.session_id)
    if plan is None:
        raise Conflict(N_("the timed test has not started yet"))
    _check_block(plan.blocks[key.index - 1], upload.body)


def _accept(db: Session, batch: _Batch, upload: PreparedUpload) -> BlockReceipt:
    """Answer one upload of the batch; a new block joins ``batch.rows``."""
    target = _target(batch, upload)
    done = batch.done(target)
    if 1 <= upload.index <= done:
        return _existing_receipt(db, batch, target, upload)
    keys = _keys(db, target)
    _check_sequence(target, done, upload.index, len(keys))
    key = keys[upload.index - 1]
    _check_against(db, target, key, upload)
    _check_responses(key, upload.body)
    columns = BlockColumns(target.session_id, key.index, key.role, key.pairing, key.stage)
    batch.rows.append(
        BlockRows(columns, upload.payload_digest, upload.body.trials, upload.body_json)
    )
    batch.blocks_done[target.session_id] = upload.index
    trial_count = len(upload.body.trials)
    batch.accepted[(target.session_id, upload.index)] = (upload.payload_digest, trial_count)
    return BlockReceipt(block_index=upload.index, trial_count=trial_count)


# A receipt, the AppError that refuses the upload (4xx), or the failure that stopped it.
Outcome = BlockReceipt | Exception


def _record_together(db: Session, uploads: Sequence[PreparedUpload]) -> list[Outcome]:
    with session_repo.write_transaction(db):
        batch = _Batch(session_repo.lock_upload_targets(db, {u.token_hash for u in uploads}))
        outcomes: list[Outcome] = []
        for upload in uploads:
            try:
                outcomes.append(_accept(db, batch, upload))
            except AppError as refused:
                outcomes.append(refused)
        if batch.rows:
            session_repo.store_blocks(db, batch.rows)
            db.commit()
        return outcomes


def record_blocks(db: Session, uploads: Sequence[PreparedUpload]) -> list[Outcome]:
    """Validate and store many uploads in one write transaction (group commit): each gets its
    receipt, or the error that refuses it, in order.

    All stored blocks are committed together. Should the transaction fail on a receipt that
    exists (another server process stored the same block meanwhile: on PostgreSQL the row
    lock waits for it, but the count of stored blocks read with the lock predates it), each
    upload is tried again alone, so one upload never costs another its answer; alone, the
    upload is answered as a retry of the stored block. Any other failure of a batch also
    retries its uploads alone, so that only the upload that fails gets the error.
    """
    try:
        return _record_together(db, uploads)
    except IntegrityError:
        db.rollback()
        if len(uploads) == 1:
            return [_answer_as_retry(db, uploads[0])]
    except Exception:
        db.rollback()
        if len(uploads) == 1:
            raise
    outcomes: list[Outcome] = []
    for upload in uploads:
        try:
            outcomes.extend(record_blocks(db, [upload]))
        except Exception as failure:  # this upload's own failure, answered to it alone
            db.rollback()
            outcomes.append(failure)
    return outcomes


def _answer_as_retry(db: Session, upload: PreparedUpload) -> Outcome:
    with session_repo.write_transaction(db):
        batch = _Batch(session_repo.lock_upload_targets(db, [upload.token_hash]))
        try:
            return _existing_receipt(db, batch, _target(batch, upload), upload)
        except AppError as refused:
            return refused


def record_block(db: Session, token: str, index: int, body: BlockUploadCreate) -> BlockReceipt:
    """Validate and store block ``index`` now (one upload, one transaction)."""
    outcome = record_blocks(db, [prepare_upload(token, index, body)])[0]
    if isinstance(outcome, Exception):
        raise outcome
    return outcome
