#!/usr/bin/env bash
# Everything the test suite needs, then every check. Called by `make test` (and CI).
# Outside CI a missing browser or PostgreSQL skips those tests loudly; with CI=true it fails.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
IN_CI=false
case "${CI:-}" in 1|true|TRUE|yes) IN_CI=true ;; esac

say() { printf '\n=== %s ===\n' "$*"; }

# apt_install PACKAGE BINARY WHAT: install Debian's PACKAGE when BINARY is missing (as root).
apt_install() {
    if [ -x "$2" ]; then return; fi
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "installing Debian's $1 for $3"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
    else
        echo "!!! $2 missing and cannot be installed here: $3 will skip !!!"
    fi
}

ensure_chromium() { apt_install chromium /usr/bin/chromium "the browser tests"; }

# The several-servers tests put two `iat serve` processes behind a real reverse proxy.
ensure_nginx() { apt_install nginx /usr/sbin/nginx "the reverse-proxy tests"; }

ensure_postgres() {
    if [ -n "${IAT_TEST_POSTGRES_URL:-}" ]; then return; fi
    if ! command -v psql >/dev/null; then
        echo "!!! PostgreSQL is not installed: PostgreSQL tests will skip !!!"; return
    fi
    if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
        if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
            say "starting the local PostgreSQL cluster"
            for version in $(ls /etc/postgresql); do
                pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
            done
            for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
        fi
    fi
    if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
        echo "!!! PostgreSQL is not reachable on 127.0.0.1:5432: PostgreSQL tests will skip !!!"
        return
    fi
    PG_TEST_DB="iat_test_$$"
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $PG_TEST_DB" >/dev/null
    export IAT_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:5432/$PG_TEST_DB"
    trap 'psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $PG_TEST_DB WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
    echo "PostgreSQL test database: $PG_TEST_DB"
}

ensure_chromium
ensure_nginx
ensure_postgres
if $IN_CI; then
    [ -x /usr/bin/chromium ] || { echo "CI: chromium is required"; exit 1; }
    [ -x /usr/sbin/nginx ] || { echo "CI: nginx is required"; exit 1; }
    [ -n "${IAT_TEST_POSTGRES_URL:-}" ] || { echo "CI: PostgreSQL is required"; exit 1; }
fi

say "ruff"
$BIN/ruff check .
$BIN/ruff format --check .
say "mypy (strict on iat/ and scoring/)"
$BIN/mypy app iat scoring
say "import-linter (DESIGN §1 contracts)"
$BIN/lint-imports
if compgen -G "tests/js/*.test.mjs" >/dev/null; then
    say "node --test"
    node --test tests/js/
fi
say "pytest"
# Exit code 5 (no tests collected) is a failure too: a run that tests nothing must not pass.
$BIN/pytest "$@"
