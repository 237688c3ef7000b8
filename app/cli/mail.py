"""``iat mail``: the outbox worker (``deliver``; cron with ``--once``, or a service) and the
scheduled reminders (``remind``; the worker queues them too)."""

from __future__ import annotations

import contextlib
import signal

import typer

from app.config import MissingSecretKey, get_settings
from app.mail.smtp_config import SmtpConfigError

cli = typer.Typer(
    help="E-mail: deliver the outbox, queue scheduled reminders.", no_args_is_help=True
)

NO_RELAY = (
    "IAT_SMTP_URL is not set: there is no relay to deliver to "
    "(e.g. IAT_SMTP_URL='smtp://user:password@smtp.example.org:587?starttls=1')"
)


@cli.command("deliver")
def deliver(
    once: bool = typer.Option(False, "--once", help="One pass: what is due now, then exit."),
    poll_seconds: float = typer.Option(2.0, min=0.1, help="Wait between passes."),
) -> None:
    """Queue the scheduled reminders and send the queued e-mails, with retries, until stopped.
    Safe beside the served app's own workers: each message is sent once."""
    # Imported here so that `iat --help` and the light commands start fast.
    from app.db.engine import build_engine, build_sessionmaker
    from app.mail.delivery import DeliveryConfig
    from app.mail.worker import MailWorker

    settings = get_settings()
    try:
        settings.require_secret_key()
        config = DeliveryConfig.from_settings(settings)
    except (MissingSecretKey, SmtpConfigError) as exc:
        typer.echo(f"iat mail deliver: {exc}", err=True)
        raise typer.Exit(2) from exc
    if config is None:
        typer.echo(f"iat mail deliver: {NO_RELAY}", err=True)
        raise typer.Exit(2)
    engine = build_engine(settings.effective_database_url)
    worker = MailWorker(build_sessionmaker(engine), config, poll_s=poll_seconds)
    try:
        if once:
            report = worker.run_once()
            typer.echo(
                f"iat mail deliver: sent {report.sent}, retry later {report.retried}, "
                f"bounced {report.bounced}, failed {report.failed}"
            )
            if report.relay_error:
                typer.echo(f"iat mail deliver: {report.relay_error}", err=True)
                raise typer.Exit(1)
            return
        signal.signal(signal.SIGTERM, lambda *_: worker.request_stop())
        with contextlib.suppress(KeyboardInterrupt):
            worker.run()
    finally:
        engine.dispose()


@cli.command("remind")
def remind() -> None:
    """Queue the scheduled reminders that are due (``reminder_days`` of open campaigns).

    Idempotent: each person gets each scheduled reminder once; nobody who finished, declined
    or withdrew is reminded."""
    # Imported here so that `iat --help` and the light commands start fast.
    from app.db.base import utc_now
    from app.db.engine import build_engine, build_sessionmaker
    from app.mail.outbox import outbox_session_info
    from app.mail.reminders import queue_due_reminders

    settings = get_settings()
    engine = build_engine(settings.effective_database_url)
    try:
        with build_sessionmaker(engine, info=outbox_session_info(settings))() as db:
            queued = queue_due_reminders(db, utc_now())
    finally:
        engine.dispose()
    typer.echo(f"iat mail remind: {queued} reminder(s) queued")
