"""Participant page weight and time to the first stimulus (issue 5, item 9).

Serves the real app (IAT_MODE=test, SQLite) on loopback, opens fresh invitation links in
headless Chromium with ``?timing=1``, lets ``__iatHarnessStart()`` accept consent and the
keyboard check, presses space on block 1's instructions at once, and reads from the timing hook
when the first stimulus was painted (``performance.now()`` is counted from navigation start).

    .venv/bin/python bench/bench_page.py [--runs 10]

Reported: bytes of JS + CSS the test page loads (budget 60 KB), and the first stimulus onset
minus the time the instruction screen waited for its key press (budget 1 s).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.config import Mode, Settings  # noqa: E402
from app.db.engine import build_engine, build_sessionmaker  # noqa: E402
from app.db.migrate import upgrade  # noqa: E402
from app.demo.organisation import load_demo  # noqa: E402
from tests.support.live_server import live_server  # noqa: E402

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
ENTRY = """(i) => { const t = window.__iatTiming && window.__iatTiming.trials[i];
  return t && t.onsetReady ? t : null; }"""


def _tokens(settings: Settings, n: int) -> list[str]:
    engine = build_engine(settings.effective_database_url)
    tokens: list[str] = []
    with build_sessionmaker(engine)() as db:
        while len(tokens) < n:
            tokens += [url.rsplit("/", 1)[1] for url in load_demo(db, settings).invitation_urls]
    engine.dispose()
    return tokens[:n]


def _onset(entry: dict[str, Any]) -> float:
    stamps = entry["onset"]
    return float(stamps["paint"] or stamps["rafNow"] or stamps["dom"])


def _one_run(browser: Any, base_url: str, token: str) -> tuple[float, int, float]:
    context = browser.new_context()
    page = context.new_page()
    sizes: dict[str, int] = {}
    page.on(
        "response",
        lambda r: r.url.endswith((".js", ".css")) and sizes.__setitem__(r.url, len(r.body())),
    )
    page.goto(f"{base_url}/p/{token}?timing=1")
    page.wait_for_function("typeof window.__iatHarnessStart === 'function'")
    page.evaluate("window.__iatHarnessStart()")
    page.wait_for_function(ENTRY, arg=0, timeout=15_000)
    page.keyboard.press("Space")
    page.wait_for_function(ENTRY, arg=1, timeout=15_000)
    instruction, stimulus = page.evaluate("window.__iatTiming.trials.slice(0, 2)")
    shown = _onset(instruction)
    waited = instruction["response"]["eventTimeStamp"] - shown
    context.close()
    return _onset(stimulus) - waited, sum(sizes.values()), shown


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/page.sqlite3"
        upgrade(url)
        settings = Settings(database_url=url, mode=Mode.TEST, var_dir=Path(tmp), secret_key="bench")
        tokens = _tokens(settings, args.runs)
        with live_server(settings) as base_url, sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=FLAGS
            )
            results = [_one_run(browser, base_url, token) for token in tokens]
            browser.close()
    firsts = sorted(r[0] for r in results)
    weight = max(r[1] for r in results)
    p95 = firsts[min(len(firsts) - 1, round(0.95 * (len(firsts) - 1)))]
    print(
        f"\n{args.runs} page loads on loopback, headless Chromium; load: {os.getloadavg()[0]:.2f}\n"
    )
    print("| measure | value | budget |")
    print("|---|---:|---:|")
    print(f"| JS + CSS loaded by the test page | {weight:,} bytes | 60 KB |")
    print(
        "| first stimulus after opening the link, median | "
        f"{statistics.median(firsts):.0f} ms | 1000 ms |"
    )
    print(f"| first stimulus after opening the link, p95 | {p95:.0f} ms | 1000 ms |")
    first_screen = statistics.median(r[2] for r in results)
    print(f"| (of which: block 1 instructions painted, median) | {first_screen:.0f} ms | |")


if __name__ == "__main__":
    main()
