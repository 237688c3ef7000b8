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

run: $(STAMP) messages
	IAT_MODE=demo $(BIN)/iat db upgrade
	IAT_MODE=demo $(BIN)/iat demo
	IAT_MODE=demo $(BIN)/iat serve --host 127.0.0.1 --port 8000

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
