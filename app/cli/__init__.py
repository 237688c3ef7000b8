"""The ``iat`` command line.

Each sub-command group lives in its own module and is registered here, so the
modules can grow independently (``db``, ``studies``, ``score``, ``demo``...).
"""

from __future__ import annotations

import typer

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


def main() -> None:
    """Console entry point (``iat``)."""
    cli()
