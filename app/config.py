"""Application settings: one cached pydantic-settings object, environment prefix ``IAT_``."""

from __future__ import annotations

import os
import secrets
from email.headerregistry import Address
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Self

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.mail.smtp_config import SmtpConfig, SmtpConfigError, parse_mail_from, parse_smtp_url
from app.proxy_headers import Network, parse_networks


class Mode(StrEnum):
    """Run mode. Demo data, printed credentials, the timing hook and simulation exist only
    in ``demo`` and ``test``."""

    PRODUCTION = "production"
    DEMO = "demo"
    TEST = "test"


DEFAULT_VAR_DIR = Path("var")
MISSING_SECRET_KEY = (
    "IAT_SECRET_KEY is not set. In production every worker process and every restart must "
    "sign cookies with the same key, or sign-ins fail at random. Set IAT_SECRET_KEY to a long "
    "random value, e.g. the output of\n"
    "  python3 -c 'import secrets; print(secrets.token_urlsafe(32))'\n"
    "(IAT_MODE=demo or test make a throw-away key instead)."
)


DEMO_MAIL_FROM = "IAT demo <noreply@demo.example>"
DEMO_SECRET_KEY_FILE = "demo-secret-key"


class MissingSecretKey(RuntimeError):
    """Production without a configured secret key: the app refuses to start."""


def demo_secret_key(var_dir: Path) -> str:
    """The demo's key, made once and kept in ``var_dir``: every process of ``iat serve
    --workers N`` and every restart must read the outbox bodies the others sealed.

    Written to a private temporary file, then linked into place: ``link`` fails if another
    process got there first, and the loser reads the winner's complete file."""
    path = var_dir / DEMO_SECRET_KEY_FILE
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        temporary = var_dir / f".{DEMO_SECRET_KEY_FILE}.{secrets.token_hex(8)}"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(32))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return path.read_text().strip()


class Settings(BaseSettings):
    """Every setting of the platform; read from ``IAT_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="IAT_", extra="ignore", frozen=True)

    mode: Mode = Mode.PRODUCTION
    var_dir: Path = DEFAULT_VAR_DIR
    database_url: str = Field(
        default="",
        description="SQLAlchemy URL; empty means a SQLite file var_dir/iat.sqlite3.",
    )
    secret_key: str = Field(
        default="",
        description=(
            "Signs cookies. Required in production (every worker and every restart must share "
            "it); demo and test modes make a random one per process when it is not set."
        ),
    )
    base_url: str = "http://127.0.0.1:8000"
    sqlite_busy_timeout_ms: int = 10_000
    languages: str = Field(
        default="fr,en",
        description="Languages offered, comma-separated; the first is the default. A language "
        "is offered only if its catalogue, study texts and questionnaire are complete.",
    )
    research_rate_limit_per_minute: int = Field(
        default=600, ge=1, description="Requests per minute allowed to each research API token."
    )
    smtp_url: str = Field(
        default="",
        description="The SMTP relay (smtp://host:port, smtp://user:pass@host:587?starttls=1, "
        "smtps://user:pass@host:465); empty: no e-mail is sent (demo: a local catcher).",
    )
    mail_from: str = Field(default="", description="Sender of every e-mail; required with SMTP.")
    mail_worker: bool = Field(
        default=True,
        description="Run the outbox worker in every served process (when SMTP is configured).",
    )
    trusted_proxies: str = Field(
        default="",
        description="Addresses or networks (CIDR) of the reverse proxies, comma-separated; "
        "X-Forwarded-For/-Proto/X-Request-ID are read only from them.",
    )
    metrics_allow: str = Field(
        default="127.0.0.1,::1",
        description="Addresses or networks allowed to read /metrics (others get a 404).",
    )

    @field_validator("trusted_proxies", "metrics_allow")
    @classmethod
    def _networks(cls, value: str) -> str:
        parse_networks(value)  # a wrong entry stops the start, naming it
        return value

    @model_validator(mode="after")
    def _random_secret_outside_production(self) -> Self:
        if not self.secret_key and self.is_demo_like:
            key = (
                demo_secret_key(self.var_dir)
                if self.mode is Mode.DEMO
                else secrets.token_urlsafe(32)
            )
            object.__setattr__(self, "secret_key", key)  # frozen model
        return self

    def require_secret_key(self) -> None:
        """Raise MissingSecretKey in production without ``IAT_SECRET_KEY``."""
        if not self.secret_key:
            raise MissingSecretKey(MISSING_SECRET_KEY)

    @property
    def smtp(self) -> SmtpConfig | None:
        """The relay, or None when ``IAT_SMTP_URL`` is empty (raises SmtpConfigError)."""
        return parse_smtp_url(self.smtp_url) if self.smtp_url.strip() else None

    @property
    def mail_sender(self) -> Address:
        """``IAT_MAIL_FROM``; demo and test modes have a default (raises SmtpConfigError)."""
        if self.mail_from.strip():
            return parse_mail_from(self.mail_from)
        if self.is_demo_like:
            return parse_mail_from(DEMO_MAIL_FROM)
        raise SmtpConfigError(
            "IAT_MAIL_FROM is not set: with IAT_SMTP_URL, every e-mail needs a sender, "
            "e.g. IAT_MAIL_FROM='Survey team <noreply@example.org>'"
        )

    def require_mail_config(self) -> None:
        """Raise SmtpConfigError when the e-mail settings given cannot be used."""
        if self.smtp is not None or self.mail_from.strip():
            _ = self.mail_sender

    @property
    def effective_database_url(self) -> str:
        """The configured URL, or the default SQLite file under ``var_dir``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.var_dir / 'iat.sqlite3').as_posix()}"

    @property
    def language_codes(self) -> tuple[str, ...]:
        """``languages`` as codes, in order, without blanks or repeats."""
        codes = (code.strip().lower() for code in self.languages.split(","))
        return tuple(dict.fromkeys(code for code in codes if code))

    @property
    def trusted_proxy_networks(self) -> tuple[Network, ...]:
        return parse_networks(self.trusted_proxies)

    @property
    def metrics_networks(self) -> tuple[Network, ...]:
        return parse_networks(self.metrics_allow)

    @property
    def is_demo_like(self) -> bool:
        """True in ``demo`` and ``test`` modes, where demo-only features exist."""
        return self.mode in (Mode.DEMO, Mode.TEST)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
