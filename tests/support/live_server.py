"""The real app served by uvicorn on a free loopback port, in a background thread."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn

from app.config import Settings
from app.main import create_app


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def live_server(settings: Settings) -> Iterator[str]:
    """Serve ``create_app(settings)``; yield its base URL; stop it afterwards."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def served_process(environment: dict[str, str]) -> Iterator[tuple[str, int]]:
    """Run ``iat``'s app in its own uvicorn process (as ``iat serve`` does, one worker) with
    ``environment`` added; yield its base URL and process id; stop it afterwards."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "app.main:create_served_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    process = subprocess.Popen(command, env=os.environ | environment)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_listening(process, port)
        yield base_url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_until_listening(process: subprocess.Popen[bytes], port: int) -> None:
    """Return once ``port`` accepts connections; raise if ``process`` stops or 30 s pass."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the uvicorn process did not start")


def peak_rss_kib(pid: int) -> int:
    """The process's peak resident set size so far (``VmHWM`` in /proc/<pid>/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM line")


def wait_until_answering(url: str, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    """Return once ``url`` answers 200; fail if ``process`` stops or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server process stopped"
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} did not answer")
