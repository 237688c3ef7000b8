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
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format", help="csv (programs), csv_excel (French Excel: ';', decimal comma), xlsx."
        ),
    ] = ExportFormat.CSV,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Language of the column titles (csv_excel, xlsx)."),
    ] = None,
) -> None:
    """Export individual scores, the team summary or trials (CSV/XLSX). A CSV's codebook is
    written beside it as ``<out>.codebook.csv`` (same dialect); the XLSX carries it as a sheet."""
    # Imported here so that `iat --help` and the light commands start fast.
    from app.db.engine import build_engine, build_sessionmaker
    from app.errors import AppError
    from app.exports.campaign_export import (
        cli_scope,
        export_campaign,
        export_codebook,
        file_style,
    )
    from app.exports.writers import guide_url

    settings = get_settings()
    engine = build_engine(settings.effective_database_url)
    try:
        style = file_style(fmt, settings.language_codes, lang, guide_url(settings.base_url))
        with build_sessionmaker(engine)() as db:
            scope = cli_scope(db, campaign)
            file = export_campaign(
                db, scope, campaign, kind, fmt, style.languages, style.lang, style.guide_url
            )
            codebook = None
            if fmt is not ExportFormat.XLSX and kind is not ExportKind.TRIALS:
                codebook = export_codebook(db, scope, campaign, kind, style)
            with out.open("wb") as stream:  # the trial rows stream from the session's connection
                for chunk in file.body():
                    stream.write(chunk)
    except AppError as exc:
        typer.echo(f"iat export: {exc.detail}", err=True)
        raise typer.Exit(2) from exc
    finally:
        engine.dispose()
    if codebook is not None:
        out.with_name(out.name + ".codebook.csv").write_bytes(codebook.content)
    typer.echo(f"{file.row_count} rows written to {out}")


def register(cli: typer.Typer) -> None:
    cli.command("export")(export)
