"""Group commit of block uploads: one writer thread per server process.

Many participants upload blocks at the same moment. Stored one per request, every upload
would pay for its own transaction and, on SQLite, wait for the database's single write lock
while dozens of request threads compete for it (and for the GIL, which makes each turn
slower). Here the request (an ``async`` route) only hands its prepared upload to a queue and
waits; one thread takes whatever has queued up and stores it with record_blocks, one
transaction and one commit for the whole batch, then answers every request at once. Under
light load a batch is a single upload and nothing waits; under heavy load batches grow, and
the cost of a commit is shared.

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

from sqlalchemy.orm import Session, sessionmaker

from app.errors import AppError
from app.schemas.participant import BlockReceipt
from app.services.participant.blocks import Outcome, PreparedUpload, record_blocks

# Largest batch: bounds one transaction's size (and the wait of the last upload in it).
MAX_BATCH = 64


@dataclass(frozen=True)
class _Waiting:
    upload: PreparedUpload
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[Outcome]


def _answer(answers: Sequence[tuple[_Waiting, Outcome | BaseException]]) -> None:
    """Runs on the event loop: resolve the futures of one batch (skipping abandoned ones)."""
    for item, outcome in answers:
        if item.future.done():  # the client went away and the request was cancelled
            continue
        if isinstance(outcome, BaseException) and not isinstance(outcome, AppError):
            item.future.set_exception(outcome)
        else:
            item.future.set_result(outcome)


class BlockWriter:
    """Stores block uploads in batches on one thread; ``submit`` awaits one upload's answer."""

    def __init__(self, sessions: sessionmaker[Session], max_batch: int = MAX_BATCH) -> None:
        self._sessions = sessions
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue[_Waiting | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    async def submit(self, upload: PreparedUpload) -> BlockReceipt:
        """Store ``upload`` with the next batch; raises the AppError that refuses it."""
        self._ensure_started()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Outcome] = loop.create_future()
        self._queue.put(_Waiting(upload, loop, future))
        outcome = await future
        if isinstance(outcome, AppError):
            raise outcome
        return outcome

    def close(self) -> None:
        """Store what is queued, then stop the thread (the app's shutdown)."""
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
                self._store(batch)

    def _store(self, batch: list[_Waiting]) -> None:
        outcomes: Sequence[Outcome] | Exception
        try:
            with self._sessions() as db:
                outcomes = record_blocks(db, [item.upload for item in batch])
        except Exception as failure:  # answered to the waiting requests, not lost here
            outcomes = failure
        by_loop: dict[asyncio.AbstractEventLoop, list[tuple[_Waiting, Outcome | Exception]]] = {}
        for k, item in enumerate(batch):
            outcome = outcomes if isinstance(outcomes, Exception) else outcomes[k]
            by_loop.setdefault(item.loop, []).append((item, outcome))
        for loop, answers in by_loop.items():
            with contextlib.suppress(RuntimeError):  # that loop is closed: nobody waits
                loop.call_soon_threadsafe(_answer, answers)
