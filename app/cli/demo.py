"""``iat demo``: load the demo organisation and print what to open (demo/test modes only)."""

from __future__ import annotations

import typer

from app.config import get_settings


def demo() -> None:
    """Create or refresh the demo data, mint fresh invitation links, write var/demo.json."""
    # Imported here so that `iat --help` and the light commands start fast.
    from app.db.engine import build_engine, build_sessionmaker
    from app.demo.organisation import load_demo
    from app.errors import AppError

    settings = get_settings()
    engine = build_engine(settings.effective_database_url)
    try:
        with build_sessionmaker(engine)() as db:
            info = load_demo(db, settings)
    except AppError as exc:
        typer.echo(f"iat demo: {exc.detail}", err=True)
        raise typer.Exit(2) from exc
    finally:
        engine.dispose()
    typer.echo(f"Demo organisation: {info.organisation} — campaign: {info.campaign}")
    typer.echo(f"Open the platform:  {info.base_url}/")
    typer.echo(f"API documentation:  {info.base_url}/docs")
    typer.echo(f"HR workspace:       {info.base_url}/hr/login")
    typer.echo(f"  e-mail {info.hr_email}  password {info.hr_password} (new at every run)")
    typer.echo(f"Demo mailbox (e-mails the demo sends, after sign-in): {info.base_url}/hr/mailbox")
    if info.published_dashboard_url:
        typer.echo(f"Published results (closed first wave): {info.published_dashboard_url}")
    typer.echo("Personal invitation links (participant test):")
    for url in info.invitation_urls[:3]:
        typer.echo(f"  {url}")
    typer.echo(f"All links: {settings.var_dir / 'demo.json'}")
    typer.echo(f"Research API token (scores:read, trials:read): {info.research_token}")


def register(cli: typer.Typer) -> None:
    cli.command("demo")(demo)
