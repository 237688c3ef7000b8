"""Attacks on sign-in throttling: concurrent guessing, an office behind one NAT, lock-outs.

The concurrent test runs the real app under uvicorn and fires its requests from threads, so
the database (SQLite's write lock, PostgreSQL's row locks) is what keeps the count.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.hr_auth import DEVICE_COOKIE_NAME
from app.config import Settings
from app.db.models import RateLimitBucket
from app.domain import HRRole
from tests.support.hr import PASSWORD, login, make_user, organisation
from tests.support.live_server import live_server

WRONG = "wrong password!"


def _attempt(client: TestClient | httpx.Client, email: str, password: str = WRONG) -> int:
    response = client.post("/api/v1/hr/login", json={"email": email, "password": password})
    return response.status_code


def test_sixty_concurrent_wrong_passwords_for_one_email_check_at_most_five(
    settings: Settings, db: Session
) -> None:
    org = organisation(db, "Acme")
    make_user(db, "boss@acme.example", HRRole.HR_ADMIN, org.id)
    barrier = Barrier(60)

    def guess(base_url: str) -> int:
        with httpx.Client(base_url=base_url, timeout=60) as http:
            barrier.wait()
            return _attempt(http, "boss@acme.example")

    with live_server(settings) as base_url, ThreadPoolExecutor(60) as pool:
        statuses = Counter(pool.map(guess, [base_url] * 60))
    assert statuses[401] <= 5, statuses
    assert statuses[401] + statuses[429] == 60, statuses
    bucket = db.scalars(
        select(RateLimitBucket).where(RateLimitBucket.bucket_key.like("login-ip:%"))
    ).one()
    assert bucket.hits == statuses[401]  # the address is charged only for the checked guesses


def test_one_address_limit_no_longer_locks_out_an_office_behind_one_nat(
    client: TestClient, db: Session
) -> None:
    org = organisation(db, "Acme")
    make_user(db, "colleague@acme.example", HRRole.HR_ADMIN, org.id)
    statuses = [_attempt(client, f"typo{i}@acme.example") for i in range(30)]
    assert statuses == [401] * 30
    assert _attempt(client, "colleague@acme.example", PASSWORD) == 200


def test_a_known_device_signs_in_despite_an_attackers_failures_on_the_account(
    client: TestClient, db: Session
) -> None:
    org = organisation(db, "Acme")
    make_user(db, "boss@acme.example", HRRole.HR_ADMIN, org.id)
    login(client, "boss@acme.example")
    assert client.post("/api/v1/hr/logout").status_code == 204
    attacker = TestClient(client.app)
    assert [_attempt(attacker, "boss@acme.example") for _ in range(6)] == [401] * 5 + [429]
    assert _attempt(attacker, "boss@acme.example", PASSWORD) == 429  # unknown device: locked
    assert _attempt(client, "boss@acme.example", PASSWORD) == 200  # the owner's own browser


def test_a_device_cookie_of_one_account_does_not_unlock_another(
    client: TestClient, db: Session
) -> None:
    org = organisation(db, "Acme")
    make_user(db, "boss@acme.example", HRRole.HR_ADMIN, org.id)
    make_user(db, "mole@acme.example", HRRole.MANAGER, org.id)
    login(client, "mole@acme.example")  # the attacker's own device cookie
    assert [_attempt(client, "boss@acme.example") for _ in range(6)] == [401] * 5 + [429]
    client.cookies.set(DEVICE_COOKIE_NAME, "forged.cookie.value")
    assert _attempt(client, "boss@acme.example") == 429


def test_the_device_cookie_is_httponly_long_lived_and_secure_over_https(
    settings: Settings, db: Session
) -> None:
    org = organisation(db, "Acme")
    make_user(db, "boss@acme.example", HRRole.HR_ADMIN, org.id)
    from app.main import create_app

    secure = settings.model_copy(update={"base_url": "https://iat.example"})
    with TestClient(create_app(secure), base_url="https://testserver") as https_client:
        response = https_client.post(
            "/api/v1/hr/login", json={"email": "boss@acme.example", "password": PASSWORD}
        )
    cookies = response.headers.get_list("set-cookie")
    device = next(c for c in cookies if c.startswith(f"{DEVICE_COOKIE_NAME}="))
    assert "HttpOnly" in device and "Secure" in device
    max_age = int(device.split("Max-Age=")[1].split(";")[0])
    assert max_age >= 180 * 24 * 3600


def test_the_address_limit_still_stops_a_spray_over_many_accounts(client: TestClient) -> None:
    statuses = [_attempt(client, f"nobody{i}@x.example") for i in range(101)]
    assert statuses == [401] * 100 + [429]
