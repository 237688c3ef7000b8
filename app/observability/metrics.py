"""Prometheus metrics (``prometheus_client``), served at ``/metrics``.

Under ``iat serve --workers N`` (N > 1) every worker writes its samples to files in
``PROMETHEUS_MULTIPROC_DIR`` (``iat serve`` makes the directory) and a scrape, whichever
worker answers it, adds them up: prometheus_client's multi-process mode. One worker, or the
tests: the process's own registry. What is read from the database (the outbox depth) is
read at scrape time; each process reports its own connection pool.
"""

from __future__ import annotations

import os
import time
from datetime import datetime

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import QueuePool

from app.mail import outbox_repository

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"  # set by iat serve --workers N (app/cli/serve.py)
CONTENT_TYPE = CONTENT_TYPE_LATEST

REQUEST_SECONDS = Histogram(
    "iat_http_request_duration_seconds",
    "Time to answer a request, by route template (never the raw path: it may hold a token).",
    ("method", "route", "status"),
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
UPLOADS_STORED = Counter("iat_block_uploads_stored", "Participant block uploads stored.")
UPLOADS_REFUSED = Counter("iat_block_uploads_refused", "Participant block uploads refused.")
POOL_IN_USE = Gauge(
    "iat_db_pool_connections_in_use",
    "Database connections checked out of the pool (summed over live worker processes).",
    multiprocess_mode="livesum",
)
POOL_SIZE = Gauge(
    "iat_db_pool_size",
    "Connections the pool keeps (summed over live worker processes).",
    multiprocess_mode="livesum",
)
AGGREGATE_REFRESHED = Gauge(
    "iat_aggregate_refresh_timestamp_seconds",
    "Unix time of the latest stored-aggregate refresh (record_aggregate_refresh).",
    multiprocess_mode="max",
)


def record_aggregate_refresh(at: datetime | None = None) -> None:
    """Call after stored team aggregates were refreshed (and committed): /metrics then shows
    ``iat_aggregate_refresh_age_seconds``, the time since the latest refresh."""
    AGGREGATE_REFRESHED.set(at.timestamp() if at is not None else time.time())


def record_uploads(stored: int, refused: int) -> None:
    UPLOADS_STORED.inc(stored)
    UPLOADS_REFUSED.inc(refused)


def record_pool(engine: Engine) -> None:
    """This process's pool use (called after each request and at scrape time)."""
    pool = engine.pool
    if isinstance(pool, QueuePool):
        POOL_IN_USE.set(pool.checkedout())
        POOL_SIZE.set(pool.size())


class _ScrapeTime(Collector):
    """What is measured when Prometheus asks: the outbox depth and the refresh age."""

    def __init__(self, db: Session, source: CollectorRegistry) -> None:
        self.db = db
        self.source = source

    def collect(self) -> list[GaugeMetricFamily]:
        depth = GaugeMetricFamily(
            "iat_outbox_queued_messages", "E-mails waiting in the outbox (state queued)."
        )
        depth.add_metric([], outbox_repository.queued_count(self.db))
        families = [depth]
        refreshed = self.source.get_sample_value("iat_aggregate_refresh_timestamp_seconds")
        if refreshed:
            age = GaugeMetricFamily(
                "iat_aggregate_refresh_age_seconds",
                "Seconds since the latest refresh of the stored team aggregates.",
            )
            age.add_metric([], max(0.0, time.time() - refreshed))
            families.append(age)
        return families


def _source_registry() -> CollectorRegistry:
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return registry
    return REGISTRY


def render(db: Session, engine: Engine) -> bytes:
    """The text exposition of every metric."""
    record_pool(engine)
    source = _source_registry()
    scrape = CollectorRegistry(auto_describe=False)
    scrape.register(_ScrapeTime(db, source))
    return generate_latest(source) + generate_latest(scrape)
