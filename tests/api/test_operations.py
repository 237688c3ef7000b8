"""Operations: /readyz checks the migrations, /metrics is Prometheus text for allowed addresses
only, every answer carries a request id, each request is logged as one JSON line with the
tokens of its path redacted, and forwarded headers count only from trusted proxies."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Mode, Settings
from app.db.migrate import PROJECT_ROOT, upgrade
from app.db.models import RateLimitBucket
from app.domain import MailKind
from app.mail.outbox import MailBody, enqueue
from app.main import create_app
from app.observability.logs import JsonFormatter
from app.observability.metrics import record_aggregate_refresh
from app.proxy_headers import forwarded_client, parse_networks
from tests.support.databases import TEST_SECRET_KEY

LOOPBACK = ("127.0.0.1", 40000)


@pytest.fixture
def app_client(settings: Settings, client: TestClient) -> Iterator[TestClient]:
    """The app seen from the loopback address (``client`` cleans the database up)."""
    with TestClient(client.app, client=LOOPBACK) as local:
        yield local


def _samples(text: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    found: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found.setdefault(sample.name, []).append((sample.labels, sample.value))
    return found


def test_readyz_is_ready_at_head(client: TestClient) -> None:
    assert client.get("/readyz").status_code == 200
    assert client.get("/readyz").json()["status"] == "ready"


def test_readyz_is_503_while_migrations_are_behind_and_healthz_stays_200(tmp_path: Path) -> None:
    script = ScriptDirectory(str(PROJECT_ROOT / "migrations"))
    head = script.get_revision(script.get_current_head())
    assert head is not None and isinstance(head.down_revision, str)
    url = f"sqlite:///{(tmp_path / 'behind.sqlite3').as_posix()}"
    upgrade(url, head.down_revision)
    settings = Settings(database_url=url, mode=Mode.TEST, var_dir=tmp_path)
    with TestClient(create_app(settings)) as behind:
        ready = behind.get("/readyz")
        assert behind.get("/healthz").status_code == 200
    assert ready.status_code == 503
    assert ready.json()["error"] == "NotReady"
    detail = ready.json()["detail"]
    assert head.down_revision in detail and "iat db upgrade" in detail


def test_metrics_are_only_for_allowed_addresses(client: TestClient) -> None:
    assert client.get("/metrics").status_code == 404  # "testclient" is no loopback address
    for_others = client.get("/metrics", headers={"X-Forwarded-For": "127.0.0.1"})
    assert for_others.status_code == 404  # a header from an untrusted client changes nothing


def test_metrics_show_routes_not_paths_outbox_depth_and_refresh_age(
    app_client: TestClient, db: Session
) -> None:
    for n in range(3):
        enqueue(db, kind=MailKind.INVITATION, to_address=f"p{n}@org.example", language="en",
                subject="Invitation", body=MailBody("t", "<p>t</p>"), message_domain="org.example",
                secret_key=TEST_SECRET_KEY)  # fmt: skip
    db.commit()
    app_client.get("/p/secret-personal-token-123")
    record_aggregate_refresh()
    response = app_client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert "secret-personal-token-123" not in response.text
    samples = _samples(response.text)
    routes = {labels["route"] for labels, _ in samples["iat_http_request_duration_seconds_count"]}
    assert "/p/{token}" in routes
    assert samples["iat_outbox_queued_messages"] == [({}, 3.0)]
    assert 0 <= samples["iat_aggregate_refresh_age_seconds"][0][1] < 60
    assert samples["iat_db_pool_size"][0][1] >= 1
    assert "iat_db_pool_connections_in_use" in samples
    assert "iat_block_uploads_stored_total" in samples


def test_every_answer_has_a_request_id_an_untrusted_client_cannot_choose(
    client: TestClient,
) -> None:
    first, second = client.get("/healthz"), client.get("/healthz")
    ids = {first.headers["x-request-id"], second.headers["x-request-id"]}
    assert len(ids) == 2 and all(len(rid) == 32 for rid in ids)
    forged = client.get("/healthz", headers={"X-Request-ID": "chosen-by-client"})
    assert forged.headers["x-request-id"] != "chosen-by-client"


def test_a_trusted_proxy_passes_its_request_id_address_and_scheme(
    settings: Settings, db: Session
) -> None:
    behind_proxy = settings.model_copy(update={"trusted_proxies": "127.0.0.0/8"})
    app = create_app(behind_proxy)
    headers = {"X-Request-ID": "nginx-abc123", "X-Forwarded-For": "198.51.100.7"}
    with TestClient(app, client=LOOPBACK) as proxy:
        assert proxy.get("/healthz", headers=headers).headers["x-request-id"] == "nginx-abc123"
        bad = proxy.get("/healthz", headers={"X-Request-ID": "two\nlines"})
        assert bad.headers["x-request-id"] != "two\nlines"
        login = {"email": "nobody@org.example", "password": "wrong password!"}
        via_https = headers | {"X-Forwarded-Proto": "https"}
        proxy.post("/api/v1/hr/login", json=login, headers=via_https)
        page = proxy.get("/hr/login", headers=via_https)
    app.state.engine.dispose()
    keys = set(db.scalars(select(RateLimitBucket.bucket_key)))
    assert "login-ip:198.51.100.7" in keys and "login-ip:127.0.0.1" not in keys
    assert "Secure" in page.headers["set-cookie"]


def test_forwarded_headers_from_an_untrusted_client_are_ignored(
    app_client: TestClient, db: Session
) -> None:
    login = {"email": "nobody@org.example", "password": "wrong password!"}
    page = app_client.get("/hr/login", headers={"X-Forwarded-Proto": "https"})
    for n in range(3):
        spoofed = {"X-Forwarded-For": f"203.0.113.{n}", "X-Forwarded-Proto": "https"}
        app_client.post("/api/v1/hr/login", json=login, headers=spoofed)
    keys = set(db.scalars(select(RateLimitBucket.bucket_key)))
    assert keys == {"login-ip:127.0.0.1", "login-email:nobody@org.example"}
    assert "Secure" not in page.headers["set-cookie"]


def test_the_client_is_the_rightmost_address_no_trusted_proxy_wrote() -> None:
    trusted = parse_networks("10.0.0.0/8, 127.0.0.1")
    assert forwarded_client("6.6.6.6, 198.51.100.7, 10.0.0.3", trusted) == "198.51.100.7"
    assert forwarded_client("10.0.0.4", trusted) == "10.0.0.4"
    assert forwarded_client("", trusted) is None
    with pytest.raises(ValueError, match=re.escape("'10.0.0.300'")):
        parse_networks("10.0.0.1, 10.0.0.300")


def test_each_request_is_one_json_line_without_the_tokens_of_its_path(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    paths = ["/p/personal-token-1", "/o/open-token-2", "/hr/reset/reset-token-3"]
    with caplog.at_level(logging.INFO, logger="iat.request"):
        answers = [client.get(path) for path in paths]
    lines = [JsonFormatter().format(r) for r in caplog.records if r.name == "iat.request"]
    entries = [json.loads(line) for line in lines]
    assert all("\n" not in line for line in lines)
    assert [entry["path"] for entry in entries] == [
        "/p/[redacted]",
        "/o/[redacted]",
        "/hr/reset/[redacted]",
    ]
    assert [e["request_id"] for e in entries] == [a.headers["x-request-id"] for a in answers]
    assert [e["status"] for e in entries] == [a.status_code for a in answers]
    assert not any("token-" in line for line in lines)
    assert entries[0]["route"] == "/p/{token}" and entries[0]["level"] == "info"
