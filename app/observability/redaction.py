"""Tokens that grant access must never reach a log: personal links (``/p/<token>``), open
links (``/o/<token>``) and password links (``/hr/reset/<token>``) are logged with the token
replaced. The proxy's access log does the same (README, Production)."""

from __future__ import annotations

import re

REDACTED = "[redacted]"
_TOKEN_PATH = re.compile(r"(/(?:p|o|hr/reset)/)[^/?#\s\"']+")


def redact_text(text: str) -> str:
    """``text`` with every token of a link path replaced (paths, full URLs, messages)."""
    return _TOKEN_PATH.sub(rf"\g<1>{REDACTED}", text)
