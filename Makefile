# seonggwa — the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-run
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/seonggwa_test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-quick test-sqlite test-postgres lint check-engine-imports system-deps-run system-deps-test venv clean bench

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# `make run` installs what the app needs, no dev tools: the dev extra includes the ldap extra,
# whose python-ldap builds from source (a compiler and Debian's -dev packages, which
# `system-deps.sh test` installs)
$(RUN_STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e .
	touch $(RUN_STAMP)

venv: $(STAMP)

system-deps-run:
	@bash scripts/system-deps.sh run

system-deps-test:
	@bash scripts/system-deps.sh test

## run: set up, migrate a SQLite database under ./var, load the sample organisation, serve
## with a background-job worker beside the web server (docs/jobs.md); Ctrl+C stops both
run: system-deps-run $(RUN_STAMP)
	$(BIN)/seonggwa init
	$(BIN)/seonggwa load-sample
	@$(BIN)/seonggwa worker & worker=$$!; \
	$(BIN)/seonggwa preload & preload=$$!; \
	trap 'kill -TERM $$worker $$preload 2>/dev/null; wait $$worker $$preload' EXIT; \
	$(BIN)/seonggwa serve --host $(HOST) --port $(PORT)

## test: lint, checks, and the whole suite on SQLite and on PostgreSQL
test: system-deps-test $(STAMP) lint test-sqlite test-postgres

## test-quick: the suite without the tests marked slow, on SQLite only, without lint
test-quick: $(STAMP)
	DATABASE_URL= $(BIN)/pytest -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/python scripts/check_engine_imports.py
	$(BIN)/lint-imports --no-cache
	$(BIN)/python scripts/findings_doc.py --check
	$(BIN)/mypy src/seonggwa/engine src/seonggwa/importers src/seonggwa/policy.py \
	  $(filter-out src/seonggwa/importers/%,$(wildcard src/seonggwa/*/services.py src/seonggwa/*/selectors.py))
	# an in-memory database: a fresh clone has no ./var yet (the history check needs none)
	DATABASE_URL=sqlite://:memory: DJANGO_SETTINGS_MODULE=seonggwa.config.settings.test \
	  $(BIN)/python -m django makemigrations --check --dry-run

test-sqlite: $(STAMP)
	@echo "== test suite on SQLite, with coverage =="
	DATABASE_URL= $(BIN)/pytest --cov=seonggwa --cov-report=term:skip-covered

test-postgres: $(STAMP)
	@echo "== test suite on PostgreSQL ($(PG_TEST_URL)) =="
	@if $(BIN)/python scripts/pg_ready.py "$(PG_TEST_URL)"; then \
	  DATABASE_URL="$(PG_TEST_URL)" $(BIN)/pytest -m "not browser"; \
	elif [ -n "$$CI" ]; then echo "PostgreSQL에 연결할 수 없습니다 ($(PG_TEST_URL)); CI에서는 필수입니다." >&2; exit 1; \
	else echo "PostgreSQL에 연결할 수 없어 PostgreSQL 실행을 건너뜁니다 (PG_TEST_URL로 지정)."; fi

bench: $(STAMP)
	$(BIN)/python benchmarks/engine_bench.py

clean:
	rm -rf $(VENV) var/*.sqlite3 .pytest_cache .mypy_cache .ruff_cache
