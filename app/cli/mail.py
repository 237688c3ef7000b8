"""``iat mail``: e-mail jobs run by hand or by cron (the delivery worker runs them too)."""

from __future__ import annotations

import typer

from app.config import get_settings

cli = typer.Typer(help="E-mail: scheduled reminders.", no_args_is_help=True)


@cli.command("remind")
def remind() -> None:
    """Queue the scheduled reminders that are due (``reminder_days`` of open campaigns).

    Idempotent: each person gets each scheduled reminder once; nobody who finished, declined
    or withdrew is reminded."""
    # Imported here so that `iat --help` and the light commands start fast.
    from app.db.base import utc_now
    from app.db.engine import build_engine, build_sessionmaker
    from app.mail.reminders import queue_due_reminders

    engine = build_engine(get_settings().effective_database_url)
    try:
        with build_sessionmaker(engine)() as db:
            queued = queue_due_reminders(db, utc_now())
    finally:
        engine.dispose()
    typer.echo(f"iat mail remind: {queued} reminder(s) queued")
