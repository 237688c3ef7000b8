"""The demo's SMTP catcher: a local aiosmtpd server that keeps what it receives as files.

Demo only (``iat serve`` starts it in ``IAT_MODE=demo`` when ``IAT_SMTP_URL`` is empty): the
outbox worker sends to it through real SMTP, and the HR page ``/hr/mailbox`` lists what it
caught, so a newcomer sees a mail-out arrive with its links. Each message is one ``.eml``
file in ``var/mailbox`` (written under a temporary name, then renamed: a reader never sees
half a message). The links in them are in clear: this is demo data.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import time
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

MAILBOX_DIR = "mailbox"
SHOWN = 200
_LINK = re.compile(r"https?://[^\s<>\"']+")


def mailbox_path(var_dir: Path) -> Path:
    return var_dir / MAILBOX_DIR


class _KeepAsFile:
    """aiosmtpd handler: accept every message and write it to the mailbox."""

    def __init__(self, mailbox: Path) -> None:
        self.mailbox = mailbox

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        name = f"{time.time_ns():020d}-{secrets.token_hex(4)}.eml"
        temporary = self.mailbox / f".{name}.part"
        temporary.write_bytes(envelope.original_content or envelope.content)
        os.replace(temporary, self.mailbox / name)
        return "250 Message accepted for delivery"


@dataclass
class Catcher:
    controller: Controller
    url: str

    def stop(self) -> None:
        self.controller.stop()


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def start_catcher(var_dir: Path, host: str = "127.0.0.1") -> Catcher:
    """Serve SMTP on a free local port (own thread); its ``url`` goes to IAT_SMTP_URL."""
    mailbox = mailbox_path(var_dir)
    mailbox.mkdir(parents=True, exist_ok=True)
    port = free_port(host)
    controller = Controller(_KeepAsFile(mailbox), hostname=host, port=port)
    controller.start()
    return Catcher(controller, f"smtp://{host}:{port}")


# Reading the mailbox (the HR page) ---------------------------------------------------------


@dataclass(frozen=True)
class TextPiece:
    """A stretch of a message's text; ``href`` when it is a link."""

    text: str
    href: str | None = None


@dataclass(frozen=True)
class CaughtMessage:
    subject: str
    to: str
    sender: str
    date: datetime | None
    message_id: str
    text: tuple[TextPiece, ...]


def linkify(text: str) -> tuple[TextPiece, ...]:
    """``text`` cut into plain pieces and http(s) links (rendered escaped by the template)."""
    pieces: list[TextPiece] = []
    position = 0
    for match in _LINK.finditer(text):
        pieces.append(TextPiece(text[position : match.start()]))
        pieces.append(TextPiece(match.group(), match.group()))
        position = match.end()
    pieces.append(TextPiece(text[position:]))
    return tuple(piece for piece in pieces if piece.text)


def _read(path: Path) -> CaughtMessage:
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    part = message.get_body(preferencelist=("plain",))
    text = part.get_content() if isinstance(part, EmailMessage) else ""
    date = message.get("Date")
    return CaughtMessage(
        subject=str(message.get("Subject", "")),
        to=str(message.get("To", "")),
        sender=str(message.get("From", "")),
        date=parsedate_to_datetime(str(date)) if date else None,
        message_id=str(message.get("Message-ID", "")),
        text=linkify(text),
    )


def caught_messages(var_dir: Path, limit: int = SHOWN) -> list[CaughtMessage]:
    """The newest caught messages first."""
    mailbox = mailbox_path(var_dir)
    if not mailbox.is_dir():
        return []
    files = sorted(mailbox.glob("*.eml"), reverse=True)[:limit]
    return [_read(path) for path in files]
