"""Application factory. Nothing connects to the database at import time."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker

from app import api, pages
from app.accounts.hr_auth import has_signed_session, install_hr_auth
from app.aggregates.stored import refresh_after_commit
from app.api.docs import mount_docs_assets
from app.config import Settings, get_settings
from app.db.engine import build_engine, build_sessionmaker
from app.errors import install_error_handlers
from app.languages import resolve_languages
from app.mail.delivery import DeliveryConfig
from app.mail.outbox import outbox_session_info
from app.mail.worker import MailWorker
from app.middleware import BodyLimitMiddleware, SecurityHeadersMiddleware
from app.observability.logs import configure_json_logging
from app.observability.metrics import record_pool
from app.observability.requests import RequestLogMiddleware
from app.pages.errors import render_error_page
from app.pages.templating import FRONTEND_DIR
from app.proxy_headers import ProxyHeadersMiddleware
from app.sessions.block_writer import block_writer_for

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


def _mail_worker(settings: Settings, sessions: sessionmaker[Session]) -> MailWorker | None:
    """The outbox worker of this process, when a relay is configured (in ``make run``,
    ``iat serve`` has pointed IAT_SMTP_URL at the demo's catcher)."""
    config = DeliveryConfig.from_settings(settings) if settings.mail_worker else None
    return MailWorker(sessions, config) if config is not None else None


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    worker = _mail_worker(app.state.settings, app.state.sessionmaker)
    if worker is not None:
        worker.start()
    yield
    if worker is not None:
        worker.stop()
    app.state.block_writer.close()  # stores what is still queued


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the ASGI app for ``settings`` (default: from the environment)."""
    settings = settings or get_settings()
    settings.require_secret_key()
    settings.require_mail_config()  # a wrong IAT_SMTP_URL / IAT_MAIL_FROM stops the start
    app = FastAPI(
        title="IAT customer culture",
        version="0.1.0",
        description=API_DESCRIPTION,
        docs_url=None,  # app.api.docs serves /docs and its assets, with its own CSP
        redoc_url=None,
        lifespan=_lifespan,
    )
    engine = build_engine(
        settings.effective_database_url, sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms
    )
    app.state.settings = settings
    app.state.languages = resolve_languages(settings)
    app.state.engine = engine
    app.state.sessionmaker = build_sessionmaker(engine, info=outbox_session_info(settings))
    refresh_after_commit(app.state.sessionmaker)
    app.state.block_writer = block_writer_for(app.state.sessionmaker)
    install_error_handlers(app, render_error_page)
    install_hr_auth(app)
    app.add_middleware(
        BodyLimitMiddleware, has_signed_session=partial(has_signed_session, settings)
    )
    app.add_middleware(SecurityHeadersMiddleware)  # 413s get the headers too
    app.add_middleware(RequestLogMiddleware, after=partial(record_pool, engine))
    app.add_middleware(ProxyHeadersMiddleware, trusted=settings.trusted_proxy_networks)
    app.mount("/static", StaticFiles(directory=FRONTEND_DIR / "static"), name="static")
    mount_docs_assets(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    return app


def create_served_app() -> FastAPI:
    """The app as ``iat serve`` runs it in each worker process: JSON logs, create_app, then
    the process-wide tuning of the garbage collector."""
    configure_json_logging()
    app = create_app()
    tune_garbage_collector()
    return app
