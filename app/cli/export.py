"""``iat export``: write a campaign export to a file (audited as the system operator)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from app.config import get_settings
from app.exports.schemas import ExportFormat, ExportKind


def export(
    campaign: Annotated[int, typer.Option("--campaign", help="Campaign id.")],
    out: Annotated[Path, typer.Option("--out", help="File to write.")],
    kind: Annotated[ExportKind, typer.Option("--kind")] = ExportKind.INDIVIDUAL,
    fmt: Annotated[ExportFormat, typer.Option("--format")] = ExportFormat.CSV,
) -> None:
    """Export individual scores, the team summary or trials (CSV/XLSX). The CSV's codebook is
    written beside it as ``<out>.codebook.csv``; the XLSX carries it as a sheet."""
    # Imported here so that `iat --help` and the light commands start fast.
    from app.db.engine import build_engine, build_sessionmaker
    from app.errors import AppError
    from app.exports.campaign_export import cli_scope, export_campaign, export_codebook

    settings = get_settings()
    engine = build_engine(settings.effective_database_url)
    try:
        with build_sessionmaker(engine)() as db:
            file = export_campaign(db, cli_scope(db, campaign), campaign, kind, fmt)
            codebook = None
            if fmt is ExportFormat.CSV and kind is not ExportKind.TRIALS:
                codebook = export_codebook(db, cli_scope(db, campaign), campaign, kind)
    except AppError as exc:
        typer.echo(f"iat export: {exc.detail}", err=True)
        raise typer.Exit(2) from exc
    finally:
        engine.dispose()
    out.write_bytes(file.content)
    if codebook is not None:
        out.with_name(out.name + ".codebook.csv").write_bytes(codebook.content)
    typer.echo(f"{file.row_count} rows written to {out}")


def register(cli: typer.Typer) -> None:
    cli.command("export")(export)
