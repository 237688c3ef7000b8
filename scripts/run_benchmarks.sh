#!/usr/bin/env bash
# `make bench`: every benchmark in bench/, one after the other, each printing its own table.
# Results are recorded by hand in bench/RESULTS.md with the command and the machine's load.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
# bench_load drives the server with wrk (Debian's package); bench_page/bench_timing need chromium.
# bench_proxy puts nginx in front of two servers.
for tool in wrk chromium nginx; do
    if ! command -v "$tool" >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null
    fi
done
# bench_streaming needs a PostgreSQL database of its own: IAT_BENCH_POSTGRES_URL (skipped without).
streaming=""
if [ -n "${IAT_BENCH_POSTGRES_URL:-}" ]; then streaming=bench/bench_streaming.py; fi
for script in bench/bench_plan.py bench/bench_scoring.py bench/bench_score_cli.py bench/bench_export.py $streaming bench/bench_page.py bench/bench_timing.py bench/bench_load.py bench/bench_proxy.py; do
    if [ -f "$script" ]; then
        printf '\n=== %s (load: %s) ===\n' "$script" "$(cut -d' ' -f1-3 /proc/loadavg)"
        $PY "$script"
    fi
done
