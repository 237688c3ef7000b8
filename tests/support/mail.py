"""The outbox as tests read it: decrypted bodies, the links in them, delivery faked."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.db.models import OutboxMessage
from app.domain import MailState
from app.mail.outbox import MailBody, unseal

LINK = re.compile(r"/p/([A-Za-z0-9_-]+)")


def messages(db: Session) -> list[OutboxMessage]:
    db.expire_all()
    return list(db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def body(message: OutboxMessage) -> MailBody:
    assert message.body_encrypted is not None
    return unseal(message.body_encrypted)


def link_token(message: OutboxMessage) -> str:
    """The personal token in a message (the same in its text and HTML parts)."""
    content = body(message)
    text, html = LINK.findall(content.text), LINK.findall(content.html)
    assert len(set(text)) == 1 and set(text) == set(html), (text, html)
    return str(text[0])


def tokens_by_address(db: Session) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for message in messages(db):
        found.setdefault(message.to_address, []).append(link_token(message))
    return found


def mark_sent(db: Session, at: datetime) -> None:
    """What the delivery worker does when the relay accepts: sent, body erased."""
    db.execute(
        update(OutboxMessage)
        .where(OutboxMessage.state == MailState.QUEUED)
        .values(state=MailState.SENT, sent_at=at, body_encrypted=None)
    )
    db.commit()
