# Two commands do everything: `make run` (demo on SQLite) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test venv lint bench clean messages messages-update

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(STAMP)

venv: $(STAMP)

# Interface texts (README "Languages"): the .po catalogues are committed, the .mo are built here.
messages: $(STAMP)
	$(BIN)/pybabel -q compile -d app/locale -D messages

# After changing interface texts: re-extract messages.pot and merge it into every language's .po.
messages-update: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -k N_ --no-location --sort-output --project iat-culture --version 0.1.0 --copyright-holder "iat-culture contributors" -o app/locale/messages.pot .
	$(BIN)/pybabel -q update -i app/locale/messages.pot -d app/locale -D messages --no-fuzzy-matching --ignore-obsolete

# `make run PORT=8100` serves on another port; the links `iat demo` prints follow it, unless
# IAT_BASE_URL is set (e.g. the public address behind a proxy).
PORT ?= 8000
IAT_BASE_URL ?= http://127.0.0.1:$(PORT)

run: $(STAMP) messages
	IAT_MODE=demo $(BIN)/iat db upgrade
	IAT_MODE=demo IAT_BASE_URL='$(IAT_BASE_URL)' $(BIN)/iat demo
	IAT_MODE=demo IAT_BASE_URL='$(IAT_BASE_URL)' $(BIN)/iat serve --host 127.0.0.1 --port $(PORT)

test: $(STAMP) messages
	bash scripts/run_tests.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy app iat scoring
	$(BIN)/lint-imports
	$(BIN)/pytest tests/unit/test_code_size.py -q -p no:cacheprovider

bench: $(STAMP)
	bash scripts/run_benchmarks.sh

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
