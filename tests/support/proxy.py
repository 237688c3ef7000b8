"""A real reverse proxy for tests: Debian's nginx, started in the foreground with a config
written to a temporary directory, balancing round-robin (no stickiness) over servers."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.db.migrate import PROJECT_ROOT
from tests.support.live_server import free_port, wait_until_listening

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
LOGGING_CONF = PROJECT_ROOT / "docs" / "nginx" / "iat-logging.conf"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

_CONFIG = """
daemon off;
master_process on;
worker_processes 1;
user root;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 512; }}
http {{
    include {logging};
    access_log {tmp}/access.log iat_redacted;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream iat {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 11m;
        location = /metrics {{ return 404; }}
        location / {{
            proxy_pass http://iat;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Request-ID $request_id;
        }}
    }}
}}
"""


def require_nginx() -> None:
    """Skip loudly outside CI when nginx is missing (scripts/run_tests.sh installs it)."""
    if not os.access(NGINX, os.X_OK):
        message = "!!! nginx is not installed: the reverse-proxy tests are SKIPPED !!!"
        if IN_CI:
            pytest.fail(f"CI: {message}")
        pytest.skip(message)


@contextmanager
def nginx(upstreams: Sequence[str], tmp: Path) -> Iterator[str]:
    """Serve ``upstreams`` (``host:port``) behind nginx; yield the proxy's base URL (the test
    is skipped, loudly, when nginx is missing outside CI)."""
    require_nginx()
    with run_nginx(upstreams, tmp) as base_url:
        yield base_url


@contextmanager
def run_nginx(upstreams: Sequence[str], tmp: Path) -> Iterator[str]:
    """nginx in the foreground with its config, pid, logs and temporary files in ``tmp``
    (the access log: ``tmp/access.log``, tokens redacted); also used by bench/."""
    port = free_port()
    servers = "\n".join(f"        server {address};" for address in upstreams)
    config = tmp / "nginx.conf"
    config.write_text(_CONFIG.format(tmp=tmp, logging=LOGGING_CONF, servers=servers, port=port))
    process = subprocess.Popen([NGINX, "-c", str(config), "-p", str(tmp)])
    try:
        wait_until_listening(process, port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
