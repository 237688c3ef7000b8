"""Group commit of block uploads: one writer per server process.

Many participants upload blocks at the same moment. Stored one per request, every upload
would pay for its own transaction and, on SQLite, wait for the database's single write lock
while dozens of request threads compete for it (and for the GIL, which makes each turn
slower). Here the request (an ``async`` route) only queues its prepared upload and waits;
the writer takes whatever has queued up and stores it with record_blocks, one transaction
and one commit for the whole batch, then answers every request of the batch. Under light
load a batch is a single upload and nothing waits; under heavy load batches grow, and the
cost of a commit is shared.

Two writers, by database (block_writer_for):

- SQLite (a local file, statements take microseconds): the batch is written on the event
  loop itself, between requests (LoopBlockWriter). No thread hand-off, and no thread waits
  for the GIL while holding the write lock, which is what made a writer thread slow there.
  The write lock is taken without blocking the loop: while another process holds it, the
  loop serves requests and tries again.
- PostgreSQL (a server, every statement a round trip): the batch is written on a thread of
  its own (ThreadBlockWriter), so the loop never waits for the network.

Errors stay per upload: an upload that is refused (4xx) gets its own error, the others of
its batch are still stored. An unexpected failure (the database is down) fails the requests
of that batch only.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker

from app.db.engine import SqliteWriteGate, write_gate
from app.observability import metrics
from app.sessions.blocks import Outcome, PreparedUpload, record_blocks
from app.sessions.schemas import BlockReceipt

# Largest batch: bounds one transaction's size (and the wait of the last upload in it).
MAX_BATCH = 64
# How long the event loop waits before trying a busy SQLite write lock again.
GATE_RETRY_S = 0.0005


class BlockWriter(Protocol):
    async def submit(self, upload: PreparedUpload) -> BlockReceipt:
        """Store ``upload`` with the next batch; raises the AppError that refuses it."""

    def close(self) -> None:
        """Store what is queued and stop (the app's shutdown)."""


def block_writer_for(sessions: sessionmaker[Session]) -> BlockWriter:
    """The writer suited to the database behind ``sessions``."""
    gate = write_gate(sessions.kw["bind"])
    if isinstance(gate, SqliteWriteGate):
        return LoopBlockWriter(sessions, gate)
    return ThreadBlockWriter(sessions)


def _store(
    sessions: sessionmaker[Session], uploads: list[PreparedUpload]
) -> Sequence[Outcome] | Exception:
    """Each upload's outcome, or the failure of the whole batch (answered to every request
    of the batch, not lost on the writer)."""
    try:
        with sessions() as db:
            outcomes = record_blocks(db, uploads)
    except Exception as failure:
        metrics.record_uploads(stored=0, refused=len(uploads))
        return failure
    refused = sum(isinstance(outcome, Exception) for outcome in outcomes)
    metrics.record_uploads(stored=len(outcomes) - refused, refused=refused)
    return outcomes


def _settle(future: asyncio.Future[BlockReceipt], outcome: Outcome) -> None:
    """Resolve one request's future (skipped when the client went away meanwhile)."""
    if future.done():
        return
    if isinstance(outcome, Exception):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)


def _outcome(outcomes: Sequence[Outcome] | Exception, k: int) -> Outcome:
    """Upload ``k``'s outcome; a failure of the whole batch is every upload's."""
    return outcomes if isinstance(outcomes, Exception) else outcomes[k]


class LoopBlockWriter:
    """Writes batches on the event loop, between requests (SQLite)."""

    def __init__(
        self, sessions: sessionmaker[Session], gate: SqliteWriteGate, max_batch: int = MAX_BATCH
    ) -> None:
        self._sessions = sessions
        self._gate = gate
        self._max_batch = max_batch
        self._pending: list[tuple[PreparedUpload, asyncio.Future[BlockReceipt]]] = []
        self._draining: asyncio.Task[None] | None = None

    async def submit(self, upload: PreparedUpload) -> BlockReceipt:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[BlockReceipt] = loop.create_future()
        self._pending.append((upload, future))
        if self._draining is None:
            self._draining = loop.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        try:
            while self._pending:
                await asyncio.sleep(0)  # let the requests that have arrived join the batch
                while not self._gate.try_acquire():
                    await asyncio.sleep(GATE_RETRY_S)
                try:
                    batch = self._pending[: self._max_batch]
                    del self._pending[: self._max_batch]
                    outcomes = _store(self._sessions, [upload for upload, _ in batch])
                finally:
                    self._gate.release()
                for k, (_, future) in enumerate(batch):
                    _settle(future, _outcome(outcomes, k))
        finally:
            self._draining = None

    def close(self) -> None:
        """Nothing to stop: a batch in progress finishes before the loop can stop."""


@dataclass(frozen=True)
class _Waiting:
    upload: PreparedUpload
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[BlockReceipt]


def _settle_all(answers: Sequence[tuple[asyncio.Future[BlockReceipt], Outcome]]) -> None:
    for future, outcome in answers:
        _settle(future, outcome)


class ThreadBlockWriter:
    """Writes batches on a thread of its own (PostgreSQL)."""

    def __init__(self, sessions: sessionmaker[Session], max_batch: int = MAX_BATCH) -> None:
        self._sessions = sessions
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue[_Waiting | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    async def submit(self, upload: PreparedUpload) -> BlockReceipt:
        self._ensure_started()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[BlockReceipt] = loop.create_future()
        self._queue.put(_Waiting(upload, loop, future))
        return await future

    def close(self) -> None:
        with self._start_lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join()

    def _ensure_started(self) -> None:
        if self._thread is not None:
            return
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="block-writer", daemon=True)
                self._thread.start()

    def _next_batch(self) -> tuple[list[_Waiting], bool]:
        """Wait for one upload, then take what else has queued (up to the maximum)."""
        first = self._queue.get()
        if first is None:
            return [], True
        batch = [first]
        while len(batch) < self._max_batch:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is None:
                return batch, True
            batch.append(item)
        return batch, False

    def _run(self) -> None:
        stop = False
        while not stop:
            batch, stop = self._next_batch()
            if batch:
                self._write(batch)

    def _write(self, batch: list[_Waiting]) -> None:
        outcomes = _store(self._sessions, [item.upload for item in batch])
        by_loop: dict[
            asyncio.AbstractEventLoop, list[tuple[asyncio.Future[BlockReceipt], Outcome]]
        ] = {}
        for k, item in enumerate(batch):
            by_loop.setdefault(item.loop, []).append((item.future, _outcome(outcomes, k)))
        for loop, answers in by_loop.items():
            with contextlib.suppress(RuntimeError):  # that loop is closed: nobody waits
                loop.call_soon_threadsafe(_settle_all, answers)
