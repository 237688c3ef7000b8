"""``iat purge``: apply retention periods (idempotent; run at every ``iat serve`` and by cron)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from app.config import get_settings

if TYPE_CHECKING:
    from app.retention.purge import PurgeReport


def run_purge(database_url: str) -> PurgeReport:
    # Imported here so that `iat --help` and the light commands start fast.
    from app.db.engine import build_engine, build_sessionmaker
    from app.retention.purge import purge_expired

    engine = build_engine(database_url)
    try:
        with build_sessionmaker(engine)() as db:
            return purge_expired(db)
    finally:
        engine.dispose()


def purge() -> None:
    """Delete identity data and raw trials of campaigns closed longer than their retention."""
    report = run_purge(get_settings().effective_database_url)
    if report.skipped:
        typer.echo("iat purge: another server is purging right now; nothing done here")
        return
    counts = ", ".join(f"{name}: {value}" for name, value in sorted(report.counts.items()))
    typer.echo(f"iat purge: {report.campaigns} campaign(s) past retention ({counts or 'nothing'})")


def register(cli: typer.Typer) -> None:
    cli.command("purge")(purge)
