"""Tokens in links and headers: high-entropy random strings, stored only as SHA-256.

A fast hash is right here (unlike passwords): the token has 256 bits of entropy, so it cannot
be guessed, and every request can be authorised with one indexed lookup.
"""

from __future__ import annotations

import hashlib
import secrets

from pydantic import BaseModel


def new_token() -> str:
    """A URL-safe token with 256 bits of entropy."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """SHA-256 hex digest (64 characters) of ``token``."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def payload_digest(body: BaseModel) -> str:
    """SHA-256 hex digest of a validated request body as JSON (the model's fixed field order):
    equal digests = the same upload, which makes retried uploads recognisable."""
    return json_digest(body.model_dump_json())


def json_digest(body_json: str) -> str:
    """payload_digest of a body already dumped with ``model_dump_json()``."""
    return hashlib.sha256(body_json.encode("utf-8")).hexdigest()


def new_pseudonym() -> str:
    """A random export pseudonym (no link to any code, name or invitation)."""
    return "P" + secrets.token_hex(6).upper()
