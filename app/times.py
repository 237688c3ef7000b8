"""Time helpers: every stored time is UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator


def as_utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC datetime (SQLite hands back naive ones)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# A datetime field of an API shape: read back from SQLite naive, always given out as UTC.
UtcDatetime = Annotated[datetime, AfterValidator(as_utc)]
