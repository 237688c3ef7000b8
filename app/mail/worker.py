"""The outbox worker: a loop that queues scheduled reminders and delivers what is due.

One runs in every served process (a background thread started by the app's lifespan when a
relay is configured) and in ``iat mail deliver``; the database claims of ``app.mail.delivery``
make them share the work without sending anything twice.
"""

from __future__ import annotations

import importlib
import logging
import threading
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from app.db.base import utc_now
from app.mail.delivery import Clock, DeliveryConfig, DeliveryReport, deliver_due

log = logging.getLogger(__name__)

POLL_S = 2.0
PASS_SIZE = 50  # messages per pass of the loop: a stop request waits for at most one pass
MAX_IDLE_S = 300.0  # longest wait after the relay could not be reached (doubling from POLL_S)
REMINDERS_EVERY = timedelta(minutes=1)
REMINDERS_MODULE = "app.mail.reminders"


def queue_reminders(sessions: sessionmaker[Session], now: datetime) -> bool:
    """Call ``app.mail.reminders.queue_due_reminders(db, now)`` (scheduled reminders, written
    elsewhere) when that module exists; False when it does not."""
    try:
        reminders = importlib.import_module(REMINDERS_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != REMINDERS_MODULE:
            raise
        return False
    with sessions() as db:
        reminders.queue_due_reminders(db, now)
        db.commit()
    return True


class MailWorker:
    """Runs passes until stopped; safe to run in many processes at once."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        config: DeliveryConfig,
        *,
        poll_s: float = POLL_S,
        clock: Clock = utc_now,
    ) -> None:
        self.sessions = sessions
        self.config = config
        self.poll_s = poll_s
        self.clock = clock
        self._reminders_at: datetime | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self, max_messages: int | None = None) -> DeliveryReport:
        """Queue the reminders due (at most once a minute), then deliver what is due (all of
        it, or ``max_messages``)."""
        now = self.clock()
        if self._reminders_at is None or now - self._reminders_at >= REMINDERS_EVERY:
            self._reminders_at = now
            queue_reminders(self.sessions, now)
        return deliver_due(self.sessions, self.config, clock=self.clock, max_messages=max_messages)

    def _next_wait(self, report: DeliveryReport, wait: float) -> float:
        if report.relay_error:
            return min(wait * 2, MAX_IDLE_S)
        return 0.0 if report.handled >= PASS_SIZE else self.poll_s  # more may be due: go on

    def run(self) -> None:
        """Pass after pass until ``stop()``; waits longer while the relay is unreachable."""
        wait = self.poll_s
        while not self._stop.is_set():
            try:
                wait = self._next_wait(self.run_once(PASS_SIZE), wait or self.poll_s)
            except Exception:  # a database hiccup must not end the worker: log, retry later
                log.exception("outbox worker pass failed")
                wait = min((wait or self.poll_s) * 2, MAX_IDLE_S)
            self._stop.wait(wait)

    def request_stop(self) -> None:
        """End the loop after the message in hand (safe from a signal handler)."""
        self._stop.set()

    def start(self) -> None:
        """Run in a daemon thread (the served app's lifespan)."""
        self._thread = threading.Thread(target=self.run, name="outbox-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        """Ask the loop to end and wait for the message in hand (nothing is lost if it must
        be abandoned: its claim or row lock lapses)."""
        self.request_stop()
        if self._thread is not None:
            self._thread.join(timeout_s)
