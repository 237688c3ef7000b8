"""The ``iat`` command line.

Each sub-command group lives in its own module and is registered here, so the
modules can grow independently (``db``, ``studies``, ``score``, ``demo``...).
``iat score`` runs alone: it imports neither the web app nor the database layer, so scoring a
file starts in the time numpy and pyarrow take to load.
"""

from __future__ import annotations

import sys
from functools import cache

import typer


@cache
def build_cli() -> typer.Typer:
    """The whole command line (every sub-command registered)."""
    from app.cli import admin as admin_commands
    from app.cli import db as db_commands
    from app.cli import demo as demo_commands
    from app.cli import export as export_commands
    from app.cli import mail as mail_commands
    from app.cli import purge as purge_commands
    from app.cli import score as score_commands
    from app.cli import serve as serve_commands
    from app.cli import studies as studies_commands

    cli = typer.Typer(
        name="iat",
        help="Customer-culture IAT platform: serve, migrate, demo, score, export.",
        no_args_is_help=True,
        add_completion=False,
    )
    cli.add_typer(db_commands.cli, name="db")
    cli.add_typer(studies_commands.cli, name="studies")
    cli.add_typer(admin_commands.cli, name="admin")
    cli.add_typer(mail_commands.cli, name="mail")
    score_commands.register(cli)
    serve_commands.register(cli)
    demo_commands.register(cli)
    export_commands.register(cli)
    purge_commands.register(cli)
    return cli


def __getattr__(name: str) -> typer.Typer:
    """``from app.cli import cli`` builds the command line on first use."""
    if name == "cli":
        return build_cli()
    raise AttributeError(name)


def main() -> None:
    """Console entry point (``iat``)."""
    if sys.argv[1:2] == ["score"]:
        from app.cli.score import score

        alone = typer.Typer(add_completion=False)
        alone.command(name="score")(score)
        alone(args=sys.argv[2:], prog_name="iat score")
        return
    build_cli()()
