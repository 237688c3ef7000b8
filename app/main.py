"""Application factory. Nothing connects to the database at import time."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app.api import health, participant
from app.api import research as research_api
from app.api.hr import accounts as hr_accounts_api
from app.api.hr import audit as hr_audit_api
from app.api.hr import auth as hr_auth_api
from app.api.hr import campaigns as hr_campaigns_api
from app.api.hr import dashboard as hr_dashboard_api
from app.api.hr import exports as hr_exports_api
from app.api.hr import participants as hr_participants_api
from app.api.hr import tokens as hr_tokens_api
from app.config import Settings, get_settings
from app.db.engine import build_engine, build_sessionmaker
from app.errors import install_error_handlers
from app.hr_auth import install_hr_auth
from app.languages import resolve_languages
from app.middleware import SecurityHeadersMiddleware
from app.pages import home
from app.pages import participant as participant_pages
from app.pages.hr import admin as hr_admin_pages
from app.pages.hr import auth as hr_auth_pages
from app.pages.hr import campaigns as hr_campaign_pages
from app.pages.hr import dashboard as hr_dashboard_pages
from app.pages.hr import exports as hr_exports_pages
from app.pages.hr import open_links as hr_open_links
from app.pages.hr import participants as hr_participant_pages
from app.pages.hr import tokens as hr_tokens_pages
from app.pages.templating import FRONTEND_DIR
from app.services.participant.block_writer import block_writer_for

API_DESCRIPTION = """
Customer-culture platform: a timed Implicit Association Test (IAT) and an organisational
questionnaire. Errors always have the shape `{"error": "<Name>", "detail": "<what is wrong>"}`.
"""


# Requests allocate thousands of short-lived containers (an uploaded block alone is 40 trial
# models); at CPython's default of a collection every 700 allocations the cyclic collector
# ran several times per upload and, in full collections, walked every object the imports
# left behind (bench/RESULTS.md: about 15 % of the CPU under load, measured with perf).
GC_THRESHOLDS = (10_000, 20, 20)


def tune_garbage_collector() -> None:
    """Move everything alive after start-up out of the collector's sight (``gc.freeze``:
    modules, settings, compiled queries live as long as the process) and collect young
    objects less often. Once per server process (create_served_app), not in tests, which
    build many apps in one process."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    app.state.block_writer.close()  # stores what is still queued


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the ASGI app for ``settings`` (default: from the environment)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="IAT customer culture",
        version="0.1.0",
        description=API_DESCRIPTION,
        docs_url="/docs",
        redoc_url=None,
        lifespan=_lifespan,
    )
    engine = build_engine(
        settings.effective_database_url, sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms
    )
    app.state.settings = settings
    app.state.languages = resolve_languages(settings)
    app.state.engine = engine
    app.state.sessionmaker = build_sessionmaker(engine)
    app.state.block_writer = block_writer_for(app.state.sessionmaker)
    install_error_handlers(app)
    install_hr_auth(app)
    app.add_middleware(SecurityHeadersMiddleware)
    app.mount("/static", StaticFiles(directory=FRONTEND_DIR / "static"), name="static")
    app.include_router(health.router)
    app.include_router(participant.router)
    app.include_router(research_api.router)
    app.include_router(hr_tokens_api.router)
    app.include_router(hr_tokens_pages.router)
    app.include_router(hr_auth_api.router)
    for hr_router in (hr_accounts_api, hr_campaigns_api, hr_participants_api, hr_audit_api):
        app.include_router(hr_router.router)
    app.include_router(home.router)
    app.include_router(participant_pages.router)
    for hr_pages in (hr_auth_pages, hr_campaign_pages, hr_participant_pages, hr_admin_pages):
        app.include_router(hr_pages.router)
    app.include_router(hr_open_links.router)
    for hr_data in (hr_dashboard_api, hr_exports_api, hr_dashboard_pages, hr_exports_pages):
        app.include_router(hr_data.router)
    return app


def create_served_app() -> FastAPI:
    """The app as ``iat serve`` runs it in each worker process: create_app, then the
    process-wide tuning of the garbage collector."""
    app = create_app()
    tune_garbage_collector()
    return app
