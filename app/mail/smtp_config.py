"""The SMTP relay and sender address: ``IAT_SMTP_URL`` and ``IAT_MAIL_FROM`` parsed once.

Accepted URLs (user and password percent-encoded when they hold ``@ : / %``)::

    smtp://host[:port]                           plain SMTP (port 25), e.g. a local relay
    smtp://user:pass@host:587?starttls=1         STARTTLS, then login (port 587 by default)
    smtps://user:pass@host[:465]                 TLS from the first byte (port 465)

Query parameters: ``starttls`` (``1``/``0``, only with ``smtp://``), ``timeout`` (seconds per
SMTP command, default 30) and ``cafile`` (a PEM file of the CA that signed the relay's
certificate, for a private relay; the system's CAs otherwise). Certificates are always
verified. This module imports nothing from the app, so ``app.config`` may use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import getaddresses
from enum import StrEnum
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

DEFAULT_TIMEOUT_S = 30.0
_PORTS = {"plain": 25, "starttls": 587, "tls": 465}
_FLAGS = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}


class SmtpConfigError(ValueError):
    """``IAT_SMTP_URL`` or ``IAT_MAIL_FROM`` cannot be used; the message says why and how."""


class SmtpSecurity(StrEnum):
    PLAIN = "plain"
    STARTTLS = "starttls"
    TLS = "tls"


@dataclass(frozen=True)
class SmtpConfig:
    """Where and how to hand messages over (the password is never shown by ``repr``)."""

    host: str
    port: int
    security: SmtpSecurity
    username: str | None = None
    password: str | None = None
    timeout_s: float = DEFAULT_TIMEOUT_S
    cafile: str | None = None

    def __repr__(self) -> str:
        who = f"{self.username}@" if self.username else ""
        return f"SmtpConfig({self.security}://{who}{self.host}:{self.port})"


def _fail(url: str, problem: str) -> SmtpConfigError:
    shown = url.split("@")[-1] if "@" in url else url  # never echo a password
    return SmtpConfigError(
        f"IAT_SMTP_URL ({shown}): {problem}. Expected smtp://host:port, "
        "smtp://user:password@host:587?starttls=1 or smtps://user:password@host:465"
    )


def _flag(url: str, name: str, values: list[str]) -> bool:
    value = values[-1].strip().lower()
    if value not in _FLAGS:
        raise _fail(url, f"{name}={values[-1]!r} must be 1 or 0")
    return _FLAGS[value]


def _options(url: str, query: str) -> tuple[bool, float, str | None]:
    params = parse_qs(query, keep_blank_values=True)
    unknown = sorted(set(params) - {"starttls", "timeout", "cafile"})
    if unknown:
        raise _fail(url, f"unknown parameter(s) {', '.join(unknown)}")
    starttls = _flag(url, "starttls", params["starttls"]) if "starttls" in params else False
    try:
        timeout = float(params.get("timeout", [DEFAULT_TIMEOUT_S])[-1])
    except ValueError:
        raise _fail(url, "timeout must be a number of seconds") from None
    if not 0 < timeout <= 600:
        raise _fail(url, "timeout must be between 0 and 600 seconds")
    cafile = params["cafile"][-1] if "cafile" in params else None
    if cafile is not None and not Path(cafile).is_file():
        raise _fail(url, f"cafile {cafile!r} is not a readable file")
    return starttls, timeout, cafile


def _security(url: str, scheme: str, starttls: bool) -> SmtpSecurity:
    if scheme not in ("smtp", "smtps"):
        raise _fail(url, f"the scheme must be smtp or smtps, not {scheme or 'missing'!r}")
    if scheme == "smtps":
        if starttls:
            raise _fail(url, "smtps:// is TLS already; starttls=1 goes with smtp://")
        return SmtpSecurity.TLS
    return SmtpSecurity.STARTTLS if starttls else SmtpSecurity.PLAIN


def parse_smtp_url(url: str) -> SmtpConfig:
    """The relay described by ``url``; raises SmtpConfigError naming what is wrong."""
    parts = urlsplit(url.strip())
    starttls, timeout, cafile = _options(url, parts.query)
    security = _security(url, parts.scheme.lower(), starttls)
    if not parts.hostname:
        raise _fail(url, "the host is missing")
    try:
        port = parts.port or _PORTS[security]
    except ValueError:
        raise _fail(url, "the port must be a number from 1 to 65535") from None
    if parts.path not in ("", "/"):
        raise _fail(url, f"unexpected path {parts.path!r}")
    if (parts.username is None) != (parts.password is None):
        raise _fail(url, "give both a user and a password, or neither")
    return SmtpConfig(
        host=parts.hostname,
        port=port,
        security=security,
        username=unquote(parts.username) if parts.username is not None else None,
        password=unquote(parts.password) if parts.password is not None else None,
        timeout_s=timeout,
        cafile=cafile,
    )


def parse_mail_from(value: str) -> Address:
    """``IAT_MAIL_FROM`` (``addr@domain`` or ``Name <addr@domain>``) as an address."""
    found = getaddresses([value.strip()])
    name, address = found[0] if len(found) == 1 else ("", "")
    local, _, domain = address.rpartition("@")
    if not local or "." not in domain or any(c.isspace() for c in address):
        raise SmtpConfigError(
            f"IAT_MAIL_FROM ({value!r}) is not an e-mail address; expected "
            "noreply@example.org or 'Survey team <noreply@example.org>'"
        )
    return Address(display_name=name, username=local, domain=domain)
