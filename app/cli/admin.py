"""``iat admin``: accounts only the server's operator may create or recover."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

import typer

from app.config import get_settings

cli = typer.Typer(help="Accounts: the first platform admin, recovery links.", no_args_is_help=True)

T = TypeVar("T")
EmailArg = Annotated[str, typer.Argument(help="E-mail address of the account.")]


def _run(command: str, use_case: Callable[..., T], email: str) -> T:
    """Run ``use_case(db, email, base_url)``; an error exits 1 (conflict) or 2 (bad input)."""
    # Imported here so that `iat --help` and the light commands start fast.
    from app.db.engine import build_engine, build_sessionmaker
    from app.errors import AppError, Conflict

    settings = get_settings()
    engine = build_engine(settings.effective_database_url)
    try:
        with build_sessionmaker(engine)() as db:
            return use_case(db, email, settings.base_url)
    except AppError as exc:
        typer.echo(f"iat admin {command}: {exc.detail}", err=True)
        raise typer.Exit(1 if isinstance(exc, Conflict) else 2) from exc
    finally:
        engine.dispose()


@cli.command("create-platform-admin")
def create_platform_admin(email: EmailArg) -> None:
    """Create a platform admin and print the one-time link (72 h) that sets its password."""
    from app.accounts import operator as operator_accounts

    created = _run("create-platform-admin", operator_accounts.create_platform_admin, email)
    typer.echo(f"platform admin {created.user.email} created (id {created.user.id}).")
    typer.echo("Open this one-time link to set the password (valid 72 h, shown only now):")
    typer.echo(created.reset_link.reset_url)


@cli.command("reset-link")
def reset_link(email: EmailArg) -> None:
    """Print a new one-time password link for an account (its sessions and older links end)."""
    from app.accounts import operator as operator_accounts

    link = _run("reset-link", operator_accounts.reset_link, email)
    typer.echo("Hand this one-time link to the account's owner (valid 72 h, shown only now):")
    typer.echo(link.reset_url)
