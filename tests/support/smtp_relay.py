"""A real SMTP server for tests (aiosmtpd on a free local port) that records what it accepts
and can refuse on demand, like a relay in trouble."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from app.mail.catcher import free_port


@dataclass
class RecordingRelay:
    """aiosmtpd handler. ``refuse_data``: how many DATA commands to answer with
    ``data_answer`` (a 4xx by default) before accepting; ``bounce``: addresses refused at
    RCPT TO with a 550; ``on_accept``: called with each accepted message, before the 250."""

    refuse_data: int = 0
    data_answer: str = "451 4.3.0 Mailbox busy, try again later"
    bounce: set[str] = field(default_factory=set)
    on_accept: Callable[[EmailMessage], None] | None = None
    accepted: list[EmailMessage] = field(default_factory=list)
    data_commands: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.bounce:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.data_commands += 1
            if self.refuse_data > 0:
                self.refuse_data -= 1
                return self.data_answer
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        message["X-Envelope-To"] = ",".join(envelope.rcpt_tos)
        with self.lock:
            self.accepted.append(message)
        if self.on_accept is not None:
            self.on_accept(message)
        return "250 2.0.0 Ok: queued"

    def message_ids(self) -> Counter[str]:
        with self.lock:
            return Counter(str(message["Message-ID"]) for message in self.accepted)


@contextmanager
def smtp_server(
    relay: RecordingRelay | None = None, **server: Any
) -> Iterator[tuple[RecordingRelay, str]]:
    """Serve ``relay`` on a free port; yield it and its ``smtp://`` URL (``server``: options of
    aiosmtpd's Controller, e.g. ``tls_context``, ``ssl_context``, ``authenticator``)."""
    relay = relay or RecordingRelay()
    port = free_port()
    controller = Controller(relay, hostname="127.0.0.1", port=port, **server)
    controller.start()
    try:
        yield relay, f"smtp://127.0.0.1:{port}?timeout=5"
    finally:
        controller.stop()


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert isinstance(part, EmailMessage)
    return str(part.get_content()).replace("\r\n", "\n")  # CRLF on the wire
