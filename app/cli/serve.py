"""``iat serve``: run the web app with uvicorn."""

from __future__ import annotations

import os
import tempfile
from typing import TYPE_CHECKING

import typer

from app.cli.purge import run_purge
from app.config import MissingSecretKey, Mode, Settings, get_settings
from app.mail.smtp_config import SmtpConfigError

if TYPE_CHECKING:
    from app.mail.catcher import Catcher


def _check(settings: Settings) -> None:
    try:
        settings.require_secret_key()
        settings.require_mail_config()
    except (MissingSecretKey, SmtpConfigError) as exc:
        typer.echo(f"iat serve: {exc}", err=True)
        raise typer.Exit(code=2) from exc


def start_demo_catcher(settings: Settings) -> Catcher | None:
    """Demo without a relay: catch e-mails on a local SMTP server, once for every worker
    (started here, in the parent process), and point the workers' IAT_SMTP_URL at it."""
    if settings.mode is not Mode.DEMO or settings.smtp_url.strip():
        return None
    from app.mail.catcher import start_catcher

    catcher = start_catcher(settings.var_dir)
    os.environ["IAT_SMTP_URL"] = catcher.url  # uvicorn's workers inherit the environment
    get_settings.cache_clear()
    typer.echo(f"demo e-mail: caught by {catcher.url}, listed at /hr/mailbox (HR workspace)")
    return catcher


METRICS_DIR_ENV = "PROMETHEUS_MULTIPROC_DIR"  # read by prometheus_client in each worker


def share_metrics_between_workers() -> None:
    """prometheus_client's multi-process mode: each worker writes its samples under one
    fresh directory (inherited through the environment) and /metrics adds them up."""
    if not os.environ.get(METRICS_DIR_ENV):
        os.environ[METRICS_DIR_ENV] = tempfile.mkdtemp(prefix="iat-metrics-")


def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to bind."),
    port: int = typer.Option(8000, help="TCP port."),
    workers: int = typer.Option(1, min=1, help="uvicorn worker processes."),
    upgrade_db: bool = typer.Option(True, help="Apply pending migrations first."),
) -> None:
    """Serve the platform (settings from IAT_* environment variables)."""
    import uvicorn  # imported here so that the light commands start fast

    from app.db import migrate
    from app.observability.logs import UVICORN_LOG_CONFIG

    settings = get_settings()
    _check(settings)
    if upgrade_db:
        migrate.upgrade(settings.effective_database_url)
    run_purge(settings.effective_database_url)  # retention applies at every start
    catcher = start_demo_catcher(settings)
    if workers > 1:
        share_metrics_between_workers()
    typer.echo(f"serving {settings.mode} mode on http://{host}:{port}/ ({workers} worker(s))")
    try:
        uvicorn.run(
            "app.main:create_served_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_config=UVICORN_LOG_CONFIG,  # JSON lines, as the app's (create_served_app)
            access_log=False,  # the app logs each request, as JSON, tokens redacted
            # X-Forwarded-*: only from IAT_TRUSTED_PROXIES, read by the app
            # (app/proxy_headers.py); uvicorn's own default trusts 127.0.0.1.
            proxy_headers=False,
            forwarded_allow_ips="",
        )
    finally:
        if catcher is not None:
            catcher.stop()


def register(cli: typer.Typer) -> None:
    """Add the ``serve`` command to the root CLI."""
    cli.command("serve")(serve)
