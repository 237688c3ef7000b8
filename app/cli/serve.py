"""``iat serve``: placeholder."""

from __future__ import annotations

import typer


def register(cli: typer.Typer) -> None:
    """Add the ``serve`` command to the root CLI."""
