"""``iat studies``: placeholder until its issue lands."""

from __future__ import annotations

import typer

cli = typer.Typer(help="studies commands", no_args_is_help=True)
