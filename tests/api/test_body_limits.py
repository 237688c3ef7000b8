"""Bad input costs little: every route has a body limit, checked on the declared length and on
the bytes that actually arrive, answered 413 before the rest of the body is read.

The attacks run against a real uvicorn process (its peak memory is read from /proc); the
per-route limits run through the in-process client.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.domain import HRRole
from tests.support.hr import login, make_campaign, make_user, organisation
from tests.support.live_server import peak_rss_kib, served_process

MIB = 1024 * 1024
ATTACK_BYTES = 30 * MIB
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Server:
    base_url: str
    pid: int


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[Server]:
    if not database_url.startswith("sqlite"):
        pytest.skip("one backend is enough: the limit is checked before any query")
    environment = {
        "IAT_DATABASE_URL": database_url,
        "IAT_MODE": "test",
        "IAT_SECRET_KEY": "limits",
        "IAT_VAR_DIR": str(tmp_path),
    }
    with served_process(environment) as (base_url, pid):
        httpx.get(f"{base_url}/healthz", timeout=10)  # warm: first queries, imports
        yield Server(base_url, pid)


def _json_string_body(size: int) -> Iterator[bytes]:
    """``{"name": "aaaa…"}`` of about ``size`` bytes, in 64 KiB pieces."""
    yield b'{"name": "'
    for _ in range(size // CHUNK):
        yield b"a" * CHUNK
    yield b'"}'


def _send_quietly(sock: socket.socket, pieces: Iterable[bytes]) -> None:
    """Send until the server stops listening (it may close once it has answered)."""
    try:
        for piece in pieces:
            sock.sendall(piece)
    except OSError:
        pass


def _chunked(pieces: Iterable[bytes]) -> Iterator[bytes]:
    for piece in pieces:
        yield f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    yield b"0\r\n\r\n"


def _post_raw(base_url: str, path: str, pieces: Iterable[bytes], length: int | None) -> int:
    """POST a body piece by piece over a raw socket; return the status line's code as soon
    as it arrives (the body may still be on its way)."""
    parts = urlsplit(base_url)
    framing = f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked"
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        f"Content-Type: application/json\r\n{framing}\r\n\r\n"
    ).encode()
    body = pieces if length is not None else _chunked(pieces)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(head)
        threading.Thread(target=_send_quietly, args=(sock, body), daemon=True).start()
        status_line = sock.recv(64).split(b"\r\n", 1)[0]
    return int(status_line.split()[1])


def _attack(server: Server, length: int | None) -> tuple[int, float, int]:
    """The 30 MB anonymous body: (status, seconds to the answer, peak RSS growth in KiB)."""
    before = peak_rss_kib(server.pid)
    started = time.monotonic()
    status = _post_raw(
        server.base_url, "/api/v1/hr/campaigns", _json_string_body(ATTACK_BYTES), length
    )
    elapsed = time.monotonic() - started
    time.sleep(0.3)  # let the server finish whatever it still does with the request
    return status, elapsed, peak_rss_kib(server.pid) - before


def test_anonymous_30mb_body_is_refused_at_once_without_memory_growth(server: Server) -> None:
    status, elapsed, growth_kib = _attack(server, length=ATTACK_BYTES + 12)
    assert status in (401, 413)
    assert elapsed < 1.0
    assert growth_kib < 50 * 1024


def test_anonymous_30mb_chunked_body_is_cut_short_without_memory_growth(server: Server) -> None:
    status, elapsed, growth_kib = _attack(server, length=None)
    assert status == 413
    assert elapsed < 1.0
    assert growth_kib < 50 * 1024


def _upload_body(trial_count: int) -> bytes:
    trial = {
        "trial_index": 1,
        "stimulus_id": "s1",
        "category": "c",
        "correct_side": "left",
        "first_key": "e",
        "first_latency_ms": 500.0,
        "error": False,
        "latency_ms": 500.0,
        "onset_method": "element_timing",
        "input_modality": "keyboard",
    }
    return json.dumps({"trials": [trial] * trial_count}).encode()


def _slowest_healthz(base_url: str, stop: threading.Event, slowest: list[float]) -> None:
    with httpx.Client(base_url=base_url, timeout=10) as client:
        while not stop.is_set():
            started = time.monotonic()
            client.get("/healthz")
            slowest[0] = max(slowest[0], time.monotonic() - started)
            time.sleep(0.01)


def test_large_participant_bodies_do_not_stall_other_requests(server: Server) -> None:
    """Bodies are validated on the event loop: a limit keeps each validation short."""
    huge, limit_sized = _upload_body(150_000), _upload_body(1_500)[: MIB - 100]
    stop, slowest = threading.Event(), [0.0]
    poller = threading.Thread(target=_slowest_healthz, args=(server.base_url, stop, slowest))
    poller.start()
    try:
        with httpx.Client(base_url=server.base_url, timeout=30) as client:
            headers = {"Authorization": "Bearer x", "Content-Type": "application/json"}
            for body in (huge, limit_sized, huge, limit_sized):
                answer = client.put("/api/v1/participant/blocks/1", content=body, headers=headers)
                assert answer.status_code in (401, 413, 422)
    finally:
        stop.set()
        poller.join()
    assert slowest[0] < 0.25


@pytest.fixture
def hr_client(client: TestClient, db: Session) -> TestClient:
    org = organisation(db, "Limits SA")
    make_user(db, "admin@limits.example", HRRole.HR_ADMIN, org.id)
    login(client, "admin@limits.example")
    return client


def _is_too_large(response: httpx.Response) -> bool:
    return response.status_code == 413 and response.json()["error"] == "PayloadTooLarge"


def test_body_limit_of_ordinary_routes_is_256_kib(hr_client: TestClient) -> None:
    small = {"name": "x" * (200 * 1024)}
    big = {"name": "x" * (300 * 1024)}
    assert hr_client.post("/api/v1/hr/teams", json=small).status_code == 422
    assert _is_too_large(hr_client.post("/api/v1/hr/teams", json=big))


def test_body_limit_of_participant_routes_is_1_mib(client: TestClient) -> None:
    headers = {"Authorization": "Bearer no-such-token"}
    inside, outside = b" " * (MIB - 1024) + b"{}", b" " * (MIB + 1024) + b"{}"
    for path in ("/api/v1/participant/consent", "/api/v1/participant/blocks/1"):
        method = "PUT" if "blocks" in path else "POST"
        fits = client.request(method, path, content=inside, headers=headers)
        assert fits.status_code in (401, 422)
        assert _is_too_large(client.request(method, path, content=outside, headers=headers))


def test_body_limit_of_participant_imports_is_10_mib(hr_client: TestClient) -> None:
    campaign_id = make_campaign(hr_client)
    url = f"/api/v1/hr/campaigns/{campaign_id}/participants/import"
    rows = "".join(f"e{i:07d},Support\n" for i in range(20_000))  # about 360 KB
    fits = hr_client.post(url, json={"csv": "code,team\n" + rows})
    assert fits.status_code == 200
    too_big = hr_client.post(url, content=b" " * (10 * MIB + 1) + b"{}")
    assert _is_too_large(too_big)


def test_streamed_body_over_the_limit_is_refused(hr_client: TestClient) -> None:
    def pieces() -> Iterator[bytes]:
        yield b'{"name": "'
        for _ in range(8):
            yield b"x" * CHUNK
        yield b'"}'

    headers = {"Content-Type": "application/json"}
    response = hr_client.post("/api/v1/hr/teams", content=pieces(), headers=headers)
    assert _is_too_large(response)


def test_anonymous_large_import_body_is_refused_before_reading(client: TestClient) -> None:
    """Only a signed-in HR session may send an import of more than 256 KiB: parsing 10 MiB of
    JSON holds the server's event loop for a noticeable time."""
    url = "/api/v1/hr/campaigns/1/participants/import"
    forged = {"Cookie": "iat_hr=forged.value.signature"}
    for headers in ({}, forged):
        response = client.post(url, content=b" " * MIB + b"{}", headers=headers)
        assert _is_too_large(response)
