"""A client that sends its own ``X-Forwarded-For`` cannot dodge the per-address sign-in limit.

Real ``iat serve``, real HTTP from the loopback address. uvicorn's own proxy-header handling
trusts 127.0.0.1 by default: before ``IAT_TRUSTED_PROXIES``, a local client (or anything
reaching the server through a local tunnel) that wrote a new address into every request was
a new address every time, and 101 guesses over many accounts all got 401. (Behind a proxy in
``IAT_TRUSTED_PROXIES`` the forwarded address counts: tests/api/test_operations.py.)"""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.cli.test_serve_production import _environment, _serving


def _spray(base_url: str, attempts: int) -> list[int]:
    statuses = []
    with httpx.Client(base_url=base_url, timeout=30) as client:
        for n in range(attempts):
            forged = {"X-Forwarded-For": f"203.0.{n // 250}.{n % 250 + 1}"}
            login = {"email": f"nobody{n}@org.example", "password": "wrong password!"}
            statuses.append(client.post("/api/v1/hr/login", json=login, headers=forged).status_code)
    return statuses


def test_forged_forwarded_for_from_an_untrusted_client_does_not_dodge_the_address_limit(
    tmp_path: Path,
) -> None:
    env = _environment(tmp_path, IAT_MODE="production", IAT_SECRET_KEY="k" * 40)
    with _serving(env) as base_url:
        assert _spray(base_url, 101) == [401] * 100 + [429]
