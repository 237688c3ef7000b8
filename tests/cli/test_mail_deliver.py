"""``iat mail deliver`` as separate processes against a real SMTP server: a worker killed
(SIGKILL) in the middle of a mail-out neither loses nor repeats a message, except the one
resend allowed (same Message-ID, when it died between the relay's 250 and its commit); two
workers at once send each message exactly once."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.base import utc_now
from app.db.models import OutboxMessage
from app.domain import MailState
from tests.service.test_mail_delivery import KEY, queue
from tests.support.smtp_relay import RecordingRelay, smtp_server

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 0.5  # SMTP timeout; the SQLite claim lease is 6 × 0.5 + 1 = 4 s


def _env(database_url: str, smtp_url: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("IAT_")}
    return env | {
        "IAT_MODE": "production",
        "IAT_DATABASE_URL": database_url,
        "IAT_SMTP_URL": smtp_url.replace("timeout=5", f"timeout={TIMEOUT_S}"),
        "IAT_SECRET_KEY": KEY,
        "IAT_MAIL_FROM": "Survey team <noreply@org.example>",
    }


def _deliver(env: dict[str, str], *options: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "app.cli", "mail", "deliver", "--poll-seconds", "0.2"]
    return subprocess.Popen(
        [*command, *options],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _states(db: Session) -> Counter[str]:
    db.expire_all()
    query = select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
    return Counter(dict(db.execute(query).all()))


def test_worker_killed_mid_mail_out_loses_nothing_and_resends_only_the_unrecorded_one(
    db: Session, database_url: str
) -> None:
    ids = queue(db, 20)
    killed: list[str] = []
    worker: list[subprocess.Popen[str]] = []

    def kill_on_the_eighth(message: EmailMessage) -> None:
        # The relay has the 8th message and has not answered 250 yet: the worker dies
        # with the message handed over but its result not committed.
        if not killed and len(relay.accepted) == 8:
            killed.append(str(message["Message-ID"]))
            os.kill(worker[0].pid, signal.SIGKILL)
            worker[0].wait(10)

    relay = RecordingRelay(on_accept=kill_on_the_eighth)
    with smtp_server(relay) as (_, url):
        env = _env(database_url, url)
        worker.append(_deliver(env))
        assert worker[0].wait(60) == -signal.SIGKILL
        assert _states(db) == {MailState.SENT: 7, MailState.QUEUED: 13}
        held = db.scalar(select(func.max(OutboxMessage.claimed_until)))
        if held is not None:  # SQLite: the dead worker's claim lapses after its lease
            time.sleep(max(0.0, (held.replace(tzinfo=None) - _naive_now()).total_seconds()) + 0.3)
        again = _deliver(env, "--once")
        assert again.wait(60) == 0, again.stdout
    received = relay.message_ids()
    assert set(received) == set(ids)  # nothing lost
    resent = {message_id for message_id, count in received.items() if count > 1}
    assert resent == set(killed) and received[killed[0]] == 2  # the one allowed resend
    assert _states(db) == {MailState.SENT: 20}
    assert db.scalar(select(func.count()).where(OutboxMessage.body_encrypted.is_not(None))) == 0


def _naive_now() -> datetime:
    return utc_now().replace(tzinfo=None)


def test_two_worker_processes_send_each_message_exactly_once(
    db: Session, database_url: str
) -> None:
    # 6 s of relay time a round: both processes normally start long before it is over. On a
    # machine so loaded that one process took every message, the round proves nothing about
    # two workers, so it is run again (each round must still be exactly once).
    rounds = [_two_workers_round(db, database_url)]
    while min(rounds[-1]) == 0 and len(rounds) < 3:
        rounds.append(_two_workers_round(db, database_url))
    assert min(rounds[-1]) > 0, rounds  # both took part
    assert _states(db) == {MailState.SENT: 60 * len(rounds)}


def _two_workers_round(db: Session, database_url: str) -> list[int]:
    ids = queue(db, 60)
    relay = RecordingRelay(on_accept=lambda _message: time.sleep(0.1))
    with smtp_server(relay) as (_, url):
        env = _env(database_url, url)
        workers = [_deliver(env, "--once") for _ in range(2)]
        outputs = [worker.communicate(timeout=120)[0] for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    assert relay.message_ids() == dict.fromkeys(ids, 1)
    sent = [int(re.findall(r"iat mail deliver: sent (\d+)", output)[0]) for output in outputs]
    assert sum(sent) == 60, outputs
    return sent
