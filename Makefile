# Two commands do everything: `make run` (demo on SQLite) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test venv lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	IAT_MODE=demo $(BIN)/iat db upgrade
	IAT_MODE=demo $(BIN)/iat demo
	IAT_MODE=demo $(BIN)/iat serve --host 127.0.0.1 --port 8000

test: $(STAMP)
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
