"""``iat db``: apply, revert and inspect the migration history."""

from __future__ import annotations

import typer

from app.config import get_settings

cli = typer.Typer(help="Database schema (alembic) commands.", no_args_is_help=True)


def _url(url: str | None) -> str:
    return url or get_settings().effective_database_url


@cli.command()
def upgrade(
    revision: str = typer.Argument("head", help="Target revision."),
    url: str | None = typer.Option(None, help="Database URL (default: IAT_DATABASE_URL)."),
) -> None:
    """Apply migrations up to REVISION (idempotent)."""
    from app.db import migrate  # imported here: alembic is slow to import

    migrate.upgrade(_url(url), revision)
    typer.echo(f"database at {revision}")


@cli.command()
def downgrade(
    revision: str = typer.Argument(..., help="Target revision, e.g. base or -1."),
    url: str | None = typer.Option(None, help="Database URL (default: IAT_DATABASE_URL)."),
) -> None:
    """Revert migrations down to REVISION."""
    from app.db import migrate  # imported here: alembic is slow to import

    migrate.downgrade(_url(url), revision)
    typer.echo(f"database at {revision}")


@cli.command()
def check(
    url: str | None = typer.Option(None, help="Database URL (default: IAT_DATABASE_URL)."),
) -> None:
    """Fail if the ORM models and the migration history disagree."""
    from app.db import migrate  # imported here: alembic is slow to import

    migrate.check(_url(url))
    typer.echo("models and migrations agree")
