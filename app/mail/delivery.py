"""Delivering the outbox: each due message goes to the relay once, and its result is stored.

Exactly once across worker processes and servers, by database locks:

- **PostgreSQL**: a worker takes the oldest due row with ``SELECT … FOR UPDATE SKIP LOCKED``
  and keeps the row lock while it talks to the relay; it writes the result and commits in the
  same transaction. Other workers skip the locked row. If the process dies, the server ends its
  transaction and the row, still ``queued``, is free again at once.
- **SQLite** (one machine): holding the database's write lock during an SMTP exchange would
  stop every other writer (participants' uploads) for seconds, so a worker *claims* the row
  instead: one conditional ``UPDATE … SET claimed_until = now + lease WHERE id = (oldest due)
  … RETURNING id`` committed at once, then the exchange, then the result, written only if
  ``claimed_until`` is still its own. A dead worker's claim expires after the lease, which is
  longer than the relay exchange can last (``LEASE_TIMEOUTS`` SMTP timeouts: the connection is
  opened before the claim, the message then takes at most MAIL, RCPT, DATA and the end of
  data).

Either way a message is sent again only when the worker died (or lost its database) between
the relay's acceptance and the commit; it then carries the same ``Message-ID``, fixed at queue
time, so receiving systems can recognise the copy. A 4xx or a dropped connection retries the
message later (exponential backoff); a 5xx to ``RCPT TO`` bounces it; another 5xx, or the
last retry, fails it; the relay's answer is kept in ``last_error``. A message that reaches a
final state loses its body (``body_encrypted = NULL``: the link in it is erased).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.headerregistry import Address
from typing import Any

from cryptography.fernet import InvalidToken
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db.base import utc_now
from app.db.models import OutboxMessage
from app.domain import MailState
from app.mail import outbox_repository as outbox_repo
from app.mail.outbox import unseal
from app.mail.smtp import Envelope, Outcome, Relay, RelayUnavailable, Result
from app.mail.smtp_config import SmtpConfig
from app.sessions.repository import write_transaction

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
LEASE_TIMEOUTS = 6
UNREADABLE_BODY = "the body cannot be decrypted: IAT_SECRET_KEY is not the key it was queued with"


@dataclass(frozen=True)
class RetryPolicy:
    """Attempt n (1, 2, …) that gets a 4xx waits ``first_delay_s × 2^(n−1)`` (at most
    ``max_delay_s``) before the next; the ``max_attempts``-th such answer fails the message.
    Defaults: 1, 2, 4 … 64 minutes, failed after 8 attempts (about 2 h 7 min)."""

    max_attempts: int = 8
    first_delay_s: float = 60.0
    max_delay_s: float = 3 * 3600.0

    def delay(self, attempts: int) -> timedelta:
        return timedelta(seconds=min(self.first_delay_s * 2 ** (attempts - 1), self.max_delay_s))


@dataclass(frozen=True)
class DeliveryConfig:
    relay: SmtpConfig
    sender: Address
    secret_key: str
    retry: RetryPolicy = field(default_factory=RetryPolicy)

    @property
    def lease(self) -> timedelta:
        return timedelta(seconds=LEASE_TIMEOUTS * self.relay.timeout_s + 1)

    @classmethod
    def from_settings(cls, settings: Settings) -> DeliveryConfig | None:
        """None when no relay is configured (raises SmtpConfigError on bad settings)."""
        relay = settings.smtp
        if relay is None:
            return None
        return cls(relay=relay, sender=settings.mail_sender, secret_key=settings.secret_key)


@dataclass
class DeliveryReport:
    """One pass: how many messages ended how, and why it stopped early if it did."""

    sent: int = 0
    retried: int = 0
    bounced: int = 0
    failed: int = 0
    relay_error: str | None = None

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.bounced + self.failed

    def count(self, result: Result) -> None:
        name = {Outcome.RETRY: "retried"}.get(result.outcome, result.outcome.value)
        setattr(self, name, getattr(self, name) + 1)


def _envelope(message: OutboxMessage, secret_key: str) -> Envelope | Result:
    if message.body_encrypted is None:
        return Result(Outcome.FAILED, "the body was erased before it was sent")
    try:
        body = unseal(message.body_encrypted, secret_key)
    except InvalidToken:
        return Result(Outcome.FAILED, UNREADABLE_BODY)
    return Envelope(
        message_id=message.message_id,
        to_address=message.to_address,
        subject=message.subject,
        language=message.language,
        body=body,
    )


def result_values(
    result: Result, attempts_before: int, now: datetime, retry: RetryPolicy
) -> dict[str, Any]:
    """The columns that record ``result`` (attempt number ``attempts_before + 1``)."""
    attempts = attempts_before + 1
    if result.outcome is Outcome.SENT:
        final = {"state": MailState.SENT, "sent_at": now, "last_error": None}
        return {**final, "attempts": attempts, "body_encrypted": None}
    if result.outcome is Outcome.RETRY and attempts < retry.max_attempts:
        later = now + retry.delay(attempts)
        return {"attempts": attempts, "last_error": result.detail, "next_attempt_at": later}
    state = MailState.BOUNCED if result.outcome is Outcome.BOUNCED else MailState.FAILED
    final = {"state": state, "last_error": result.detail}
    return {**final, "attempts": attempts, "body_encrypted": None}


def _exchange(
    db: Session,
    relay: Relay,
    message: OutboxMessage,
    config: DeliveryConfig,
    clock: Clock,
    claim: datetime | None,
) -> Result:
    """Send ``message``, then record the result (committed under ``claim`` if any)."""
    envelope = _envelope(message, config.secret_key)
    try:
        result = envelope if isinstance(envelope, Result) else relay.send(envelope)
    except RelayUnavailable as exc:  # reconnecting failed: release it, no attempt counted
        with write_transaction(db):
            outbox_repo.record_result(db, message.id, {"last_error": str(exc)}, claim)
            db.commit()
        raise
    values = result_values(result, message.attempts, clock(), config.retry)
    with write_transaction(db):
        if not outbox_repo.record_result(db, message.id, values, claim):
            log.warning("outbox message %s: claim lost before its result was stored", message.id)
        db.commit()
    if values.get("state") == MailState.FAILED:  # the last retry
        return Result(Outcome.FAILED, result.detail)
    return result


def _take(
    db: Session, config: DeliveryConfig, clock: Clock
) -> tuple[OutboxMessage, datetime | None] | None:
    """The next due message for this worker: row-locked (PostgreSQL), or claimed until the
    returned time (SQLite)."""
    now = clock()
    if db.get_bind().dialect.name == "postgresql":
        locked = outbox_repo.lock_next_due(db, now)
        return (locked, None) if locked is not None else None
    claim = now + config.lease
    with write_transaction(db):
        claimed = outbox_repo.claim_next_due(db, now, claim)
        db.commit()
    message = db.get(OutboxMessage, claimed) if claimed is not None else None
    return (message, claim) if message is not None else None


def _deliver_next(
    sessions: sessionmaker[Session], relay: Relay, config: DeliveryConfig, clock: Clock
) -> Result | None:
    with sessions() as db:
        if not outbox_repo.has_due(db, clock()):
            return None
        relay.connect()  # before the claim: the lease need not cover connecting
        taken = _take(db, config, clock)
        if taken is None:
            return None
        return _exchange(db, relay, taken[0], config, clock, claim=taken[1])


def deliver_due(
    sessions: sessionmaker[Session],
    config: DeliveryConfig,
    *,
    clock: Clock = utc_now,
    max_messages: int | None = None,
) -> DeliveryReport:
    """Send every message due now (or ``max_messages`` of them) over one connection."""
    report = DeliveryReport()
    with Relay(config.relay, config.sender) as relay:
        while max_messages is None or report.handled < max_messages:
            try:
                result = _deliver_next(sessions, relay, config, clock)
            except RelayUnavailable as exc:
                report.relay_error = str(exc)
                log.warning("outbox: %s", exc)
                break
            if result is None:
                break
            report.count(result)
    return report
