"""``iat score``: placeholder until the scoring issue lands."""

from __future__ import annotations

import typer


def register(cli: typer.Typer) -> None:
    """Add the ``score`` command to the root CLI."""
