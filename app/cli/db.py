"""``iat db``: placeholder."""

from __future__ import annotations

import typer

cli = typer.Typer(help="Database commands", no_args_is_help=True)
