"""``iat serve``: run the web app with uvicorn."""

from __future__ import annotations

import typer

from app.cli.purge import run_purge
from app.config import MissingSecretKey, get_settings


def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to bind."),
    port: int = typer.Option(8000, help="TCP port."),
    workers: int = typer.Option(1, min=1, help="uvicorn worker processes."),
    upgrade_db: bool = typer.Option(True, help="Apply pending migrations first."),
) -> None:
    """Serve the platform (settings from IAT_* environment variables)."""
    import uvicorn  # imported here so that the light commands start fast

    from app.db import migrate

    settings = get_settings()
    try:
        settings.require_secret_key()
    except MissingSecretKey as exc:
        typer.echo(f"iat serve: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    if upgrade_db:
        migrate.upgrade(settings.effective_database_url)
    run_purge(settings.effective_database_url)  # retention applies at every start
    typer.echo(f"serving {settings.mode} mode on http://{host}:{port}/ ({workers} worker(s))")
    uvicorn.run(
        "app.main:create_served_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )


def register(cli: typer.Typer) -> None:
    """Add the ``serve`` command to the root CLI."""
    cli.command("serve")(serve)
